"""UnasClient: login and token reuse, guarded POSTs, error mapping, budgets, bans and back-off.

Every call first asks the shared state store whether it may be made at all (key rejected,
banned, backing off after silence, too many failures, hourly budget); only then is it sent.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import requests

from app.timeutil import to_local, utcnow
from app.unas import limits, xml_codec
from app.unas.errors import (
    UnasApiError,
    UnasAuthError,
    UnasBannedError,
    UnasBudgetError,
    UnasNetworkError,
    UnasXmlError,
)
from app.unas.limits import Bucket
from app.unas.records import ItemResult, LoginInfo, SetResult
from app.unas.state import ClientStateStore, TokenInfo
from app.unas.xml_codec import Element

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.unas.eu/shop/"
TOKEN_LIFETIME = timedelta(hours=2)
# A token is renewed this long before it expires, so no call races its expiry.
TOKEN_MARGIN = timedelta(minutes=5)
# Back-off after an unanswered call, in minutes: a silent IP ban lasts 2 hours.
BACKOFF_MINUTES = (5, 10, 20, 40, 80, 160)
# Consecutive failed calls on one endpoint after which we pause for an hour (UNAS bans at 20).
FAILURE_PAUSE_AT = 15
FAILURE_HARD_STOP = limits.FAILED_CALLS_PER_ENDPOINT - 1
# Largest request body we send (bytes); UNAS accepts 128 MB, base64 images add up fast.
MAX_REQUEST_BYTES = 16 * 1024 * 1024
GENERAL_BUCKET = "all"
HOUR = timedelta(hours=1)


def _hhmm(when: datetime) -> str:
    return to_local(when).strftime("%Y.%m.%d. %H:%M")


class UnasClient:
    def __init__(
        self,
        api_key: str,
        store: ClientStateStore,
        base_url: str = DEFAULT_BASE_URL,
        *,
        http: requests.Session | None = None,
        timeout: tuple[float, float] = (10.0, 120.0),
        clock: Callable[[], datetime] = utcnow,
        max_request_bytes: int = MAX_REQUEST_BYTES,
    ) -> None:
        self.api_key = api_key
        self.store = store
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.http = http or requests.Session()
        self.timeout = timeout
        self.clock = clock
        self.max_request_bytes = max_request_bytes
        self.last_login: LoginInfo | None = None

    # --- login --------------------------------------------------------------------------------
    def login(self) -> LoginInfo:
        """Log in with the API key (only when no valid token is stored, or to test the key)."""
        self._refuse_if_blocked("login")
        body = xml_codec.new_root("Params")
        xml_codec.add(body, "ApiKey", self.api_key)
        xml_codec.add(body, "WebshopInfo", "true")
        root = self._post("login", xml_codec.serialize(body), token=None, bucket=Bucket("login", "any"))
        if root.tag == "Error":
            message = root.text or ""
            self._raise_if_ban(message, "login")
            self.store.set_key_rejected(message or "login failed")
            self.store.set_token(None)
            raise UnasAuthError(
                "API kulcs hibás: a webáruház nem fogadta el. A program addig nem próbálkozik újra, amíg a "
                "Webáruházak beállításaiban meg nem adja a helyes kulcsot "
                "(a sok hibás belépés kitiltást okoz).",
                message,
            )
        token = xml_codec.text(root, "Token")
        if token is None:
            raise UnasXmlError(
                "A webáruház belépési válasza nem tartalmazott tokent.",
                xml_codec.serialize(root)[:500].decode(errors="replace"),
            )
        now = self.clock()
        expires = self._expiry(xml_codec.text(root, "Expire"), now)
        subscription = (xml_codec.text(root, "Subscription") or "PREMIUM").upper()
        self.store.set_token(TokenInfo(token, expires, subscription))
        info = LoginInfo(
            token=token,
            expires_at=expires,
            shop_id=xml_codec.text(root, "ShopId"),
            subscription=subscription,
            permissions=tuple(p.text.strip() for p in root.iterfind("Permissions/Permission") if p.text),
            webshop_name=xml_codec.text(root, "WebshopInfo/WebshopName"),
        )
        self.last_login = info
        return info

    def _expiry(self, raw: str | None, now: datetime) -> datetime:
        # The Expire format is undocumented: trust it only when it parses and is within 2 hours.
        latest = now + TOKEN_LIFETIME
        parsed = None
        if raw:
            try:
                parsed = xml_codec.unix_time(raw) if raw.isdigit() else xml_codec.shop_datetime(raw)
            except (UnasXmlError, ValueError, OverflowError):
                parsed = None
        return min(parsed, latest) if parsed and parsed > now else latest

    def _token(self) -> TokenInfo:
        info = self.store.get_token()
        if info is None or info.expires_at - TOKEN_MARGIN <= self.clock():
            self.login()
            info = self.store.get_token()
            assert info is not None
        return info

    @property
    def subscription(self) -> str:
        info = self.store.get_token()
        return info.subscription if info else "PREMIUM"

    # --- calls --------------------------------------------------------------------------------
    def call(
        self, endpoint: str, body: Element, bucket: Bucket, *, counts_as_success: bool = True
    ) -> Element:
        """POST one request; returns the answer's root element (never an <Error>).

        ``counts_as_success=False`` leaves the failure counter to the caller (set calls, whose
        items may have failed: the shop may count such a call as failed).
        """
        self._refuse_if_blocked(endpoint)
        payload = xml_codec.serialize(body)
        if len(payload) > self.max_request_bytes:
            raise UnasApiError("A küldendő adat túl nagy egy hívásnak.", f"{len(payload)} bytes")
        relogged = False
        while True:
            token = self._token()
            self._check_budget(bucket)
            root = self._post(endpoint, payload, token=token.token, bucket=bucket)
            if root.tag != "Error":
                if counts_as_success:
                    self.store.set_failures(endpoint, 0, None)
                return root
            message = root.text or ""
            self._raise_if_ban(message, endpoint)
            if self._is_auth_error(message) and not relogged:
                # The token expired early or was revoked: log in once more, then give up.
                relogged = True
                self.store.set_token(None)
                continue
            self._count_failure(endpoint)
            raise UnasApiError(f"A webáruház hibát jelzett ({endpoint}): {message}", message)

    @staticmethod
    def _is_auth_error(message: str) -> bool:
        lowered = message.lower()
        return any(word in lowered for word in ("token", "auth", "unauthorized", "login"))

    def _post(
        self, endpoint: str, payload: bytes, *, token: str | None, bucket: Bucket | None = None
    ) -> Element:
        headers = {"Content-Type": "application/xml; charset=UTF-8"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        now = self.clock()
        try:
            response = self.http.post(
                self.base_url + endpoint, data=payload, headers=headers, timeout=self.timeout
            )
            body = response.content
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            raise self._no_answer(endpoint, exc) from exc
        # Answered calls count against the limits, failed or not.
        self.store.record_call(GENERAL_BUCKET, now)
        if bucket is not None:
            self.store.record_call(bucket.name, now)
        self.store.set_backoff(None)
        if response.status_code >= 500:
            self._count_failure(endpoint)
            raise UnasApiError(
                f"A webáruház szervere hibát jelzett ({endpoint}, HTTP {response.status_code}); "
                "később újra próbáljuk.",
                body[:300].decode("utf-8", "replace"),
            )
        try:
            return xml_codec.parse(body)
        except UnasXmlError:
            self._count_failure(endpoint)
            raise

    def _no_answer(self, endpoint: str, exc: Exception) -> UnasNetworkError:
        previous = self.store.backoff()
        step = 0 if previous is None else min(previous[1] + 1, len(BACKOFF_MINUTES) - 1)
        until = self.clock() + timedelta(minutes=BACKOFF_MINUTES[step])
        self.store.set_backoff(until, step)
        return UnasNetworkError(
            f"A webáruház nem válaszolt ({endpoint}). Ez hálózati hiba, de tiltás is lehet (a UNAS tiltáskor "
            f"nem válaszol), ezért a program {BACKOFF_MINUTES[step]} percig nem próbálkozik: "
            f"következő próbálkozás {_hhmm(until)} után.",
            repr(exc),
            retry_at=until,
        )

    def _raise_if_ban(self, message: str, endpoint: str) -> None:
        until = xml_codec.ban_until(message)
        if until is None:
            return
        # A ban is for the whole shop (all endpoints) for the safe reading.
        self.store.set_ban("*", until)
        raise UnasBannedError(until, endpoint, message)

    def _count_failure(self, endpoint: str) -> None:
        count, _last = self.store.failures(endpoint)
        self.store.set_failures(endpoint, count + 1, self.clock())

    def _refuse_if_blocked(self, endpoint: str) -> None:
        now = self.clock()
        rejected = self.store.key_rejected()
        if rejected is not None:
            raise UnasAuthError(
                "Az API kulcs hibás: a webáruház korábban elutasította. Adja meg a helyes kulcsot a "
                "Webáruházak beállításaiban; addig a program nem hívja ezt a webáruházat.",
                rejected,
            )
        for scope in ("*", endpoint):
            until = self.store.banned_until(scope)
            if until is not None and until > now:
                raise UnasBannedError(until, endpoint, "stored ban")
        backoff = self.store.backoff()
        if backoff is not None and backoff[0] > now:
            raise UnasNetworkError(
                "A webáruház legutóbb nem válaszolt; a program várakozik, következő próbálkozás "
                f"{_hhmm(backoff[0])} után.",
                "backing off",
                retry_at=backoff[0],
            )
        count, last = self.store.failures(endpoint)
        if count >= FAILURE_HARD_STOP or (count >= FAILURE_PAUSE_AT and last and last + HOUR > now):
            resume = (last or now) + HOUR
            raise UnasApiError(
                f"A(z) {endpoint} hívás {count}-szor egymás után hibát adott; 20 hibánál a webáruház "
                f"kitiltja a gépet, ezért a program szünetel ({_hhmm(resume)} után próbálja újra).",
                f"{count} failures",
            )

    def _check_budget(self, bucket: Bucket) -> None:
        now = self.clock()
        since = now - HOUR
        subscription = self.subscription
        for name, limit in (
            (bucket.name, limits.limit_of(bucket, subscription)),
            (GENERAL_BUCKET, limits.general_limit(subscription)),
        ):
            used = self.store.count_calls(name, since)
            if used + 1 > limit:
                oldest = self.store.oldest_call(name, since) or now
                raise UnasBudgetError(bucket.endpoint, used, limit, oldest + HOUR)

    def budget_left(self, bucket: Bucket) -> int:
        used = self.store.count_calls(bucket.name, self.clock() - HOUR)
        return limits.limit_of(bucket, self.subscription) - used

    # --- set calls ----------------------------------------------------------------------------
    def set_items(
        self,
        endpoint: str,
        root_tag: str,
        items: Sequence[tuple[str, Element]],
        *,
        answer_key: str | None,
        answer_aliases: dict[str, str] | None = None,
    ) -> tuple[SetResult, Exception | None]:
        """Send items in batches of ≤ 100; report each as ok, error, held_back or not_reached.

        UNAS may stop at the first failing item, so an item missing from the answer was not
        reached and must be sent again. An item that failed is held back until its data changes.
        """
        results: dict[int, ItemResult] = {}
        to_send: list[tuple[int, str, Element, str]] = []
        failed_before = self.store.failed_items(endpoint, {key for key, _el in items})
        for index, (key, element) in enumerate(items):
            fingerprint = hashlib.sha256(xml_codec.serialize(element)).hexdigest()
            if failed_before.get(key) == fingerprint:
                results[index] = ItemResult(
                    key, "held_back", error="Korábban hibás volt, azóta nem változott."
                )
            else:
                to_send.append((index, key, element, fingerprint))
        error: Exception | None = None
        for batch in self._batches(to_send):
            if error is not None:
                for index, key, _el, _fp in batch:
                    results[index] = ItemResult(key, "not_reached")
                continue
            root = xml_codec.new_root(root_tag)
            for _index, _key, element, _fp in batch:
                root.append(element)
            try:
                answer = self.call(
                    endpoint, root, limits.bucket_for(endpoint, records=len(batch)), counts_as_success=False
                )
            except Exception as exc:  # reported with the items, never dropping the others
                error = exc
                for index, key, _el, _fp in batch:
                    results[index] = ItemResult(key, "not_reached")
                continue
            answers = self._match_answers(batch, list(answer), answer_key, answer_aliases or {})
            if any(a.status != "ok" for a in answers):
                self._count_failure(endpoint)
            else:
                self.store.set_failures(endpoint, 0, None)
            changes: dict[str, str | None] = {}
            for (index, key, _el, fingerprint), result in zip(batch, answers, strict=True):
                results[index] = result
                if result.status == "error":
                    changes[key] = fingerprint
                elif result.status == "ok":
                    changes[key] = None
            self.store.set_failed_items(endpoint, changes)
        return SetResult(tuple(results[i] for i in range(len(items)))), error

    def _batches(
        self, items: list[tuple[int, str, Element, str]]
    ) -> list[list[tuple[int, str, Element, str]]]:
        batches: list[list[tuple[int, str, Element, str]]] = []
        current: list[tuple[int, str, Element, str]] = []
        size = 0
        for item in items:
            item_size = len(xml_codec.serialize(item[2]))
            if current and (
                len(current) >= limits.SET_BATCH or size + item_size > self.max_request_bytes // 2
            ):
                batches.append(current)
                current, size = [], 0
            current.append(item)
            size += item_size
        if current:
            batches.append(current)
        return batches

    @staticmethod
    def _match_answers(
        batch: list[tuple[int, str, Element, str]],
        answers: list[Element],
        answer_key: str | None,
        aliases: dict[str, str],
    ) -> list[ItemResult]:
        # ``aliases``: an answer may name the item by another key (a renamed SKU answers with the new one).
        by_key: dict[str, Element] = {}
        if answer_key:
            for a in answers:
                k = xml_codec.text(a, answer_key)
                if k is not None:
                    by_key.setdefault(aliases.get(k, k), a)
        out = []
        for position, (_index, key, _el, _fp) in enumerate(batch):
            answer = by_key.get(key) if by_key else (answers[position] if position < len(answers) else None)
            if answer is None:
                out.append(ItemResult(key, "not_reached"))
                continue
            status = (xml_codec.text(answer, "Status") or "").lower()
            out.append(
                ItemResult(
                    key,
                    "ok" if status == "ok" else "error",
                    id=xml_codec.text(answer, "Id"),
                    error=None if status == "ok" else (xml_codec.text(answer, "Error") or "ismeretlen hiba"),
                )
            )
        return out
