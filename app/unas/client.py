"""UnasClient: login and token reuse, guarded POSTs, error mapping, budgets, bans and back-off.

Every call first asks the shared state store whether it may be made at all (key rejected,
banned, backing off after silence, too many failures, hourly budget); only then is it sent.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import requests

from app.timeutil import to_local, utcnow
from app.unas import limits, xml_codec
from app.unas.addresses import check_shop_url
from app.unas.errors import (
    UnasApiError,
    UnasAuthError,
    UnasBannedError,
    UnasBudgetError,
    UnasErrorAnswer,
    UnasLoginError,
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
# A shop's answer is read up to this size (a page of products with long descriptions is a few MB;
# the product database comes as a separate file download), and a whole call ends after this long,
# however slowly the bytes keep coming.
MAX_ANSWER_BYTES = 100 * 1024 * 1024
CALL_DEADLINE_SECONDS = 300.0
GENERAL_BUCKET = "all"
HOUR = timedelta(hours=1)
# After a failed login that was not a wrong key: at most 4 failed logins an hour (UNAS bans at 5).
LOGIN_PAUSE = timedelta(minutes=15)


def _hhmm(when: datetime) -> str:
    return to_local(when).strftime("%Y.%m.%d. %H:%M")


# The documented bans: one hour from a shop, two hours of silence for unattributable calls.
LONGEST_BAN = timedelta(hours=2)
UNREADABLE_BAN = timedelta(hours=1)


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
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        deadline: float = CALL_DEADLINE_SECONDS,
    ) -> None:
        self.api_key = api_key
        self.store = store
        check_shop_url(base_url)  # https only (http on this machine): a file:// or ftp:// never gets a key
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.http = http or requests.Session()
        self.timeout = timeout
        self.clock = clock
        self.max_request_bytes = max_request_bytes
        self.max_answer_bytes = max_answer_bytes
        self.deadline = deadline
        self.last_login: LoginInfo | None = None
        self.logins = 0  # successful logins by this client object
        # Error texts that came again right after a new login: not about the token, so they never
        # cost another login while this client lives (one sync run).
        self._not_token_errors: set[str] = set()

    # --- login --------------------------------------------------------------------------------
    def login(self) -> LoginInfo:
        """Log in with the API key (only when no valid token is stored, or to test the key)."""
        self._refuse_if_blocked("login")
        body = xml_codec.new_root("Params")
        xml_codec.add(body, "ApiKey", self.api_key)
        xml_codec.add(body, "WebshopInfo", "true")
        root = self._post("login", xml_codec.serialize(body), token=None, bucket=Bucket("login", "any"))
        if root.tag == "Error":
            message = (root.text or "").strip()
            self._raise_if_ban(message, "login")
            self.store.set_token(None)
            raise self._login_error(message)
        token = xml_codec.text(root, "Token")
        if token is None:
            raise UnasXmlError(
                "A webáruház belépési válasza nem tartalmazott tokent.",
                xml_codec.serialize(root)[:500].decode(errors="replace"),
            )
        now = self.clock()
        self.store.set_failures("login", 0, None)
        expires = self._expiry(xml_codec.text(root, "Expire"), now, xml_codec.text(root, "ExpireTime"))
        subscription = xml_codec.text(root, "Subscription") or "PREMIUM"  # e.g. "vip-100000"
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
        self.logins += 1
        return info

    def _login_error(self, message: str) -> UnasAuthError:
        """Each cause its own message (quirk 44); only a wrong key stops the calls for good."""
        lowered = message.lower()
        if "invalid apikey" in lowered or "invalid api key" in lowered:
            self.store.set_key_rejected(message or "login failed")
            return UnasAuthError(
                "API kulcs hibás: a webáruház nem fogadta el. A program addig nem próbálkozik újra, amíg a "
                "Webáruházak beállításaiban meg nem adja a helyes kulcsot "
                "(a sok hibás belépés kitiltást okoz).",
                message,
            )
        # Any other failed login still counts towards UNAS's 5 failed logins an hour: pause a while.
        count, _last = self.store.failures("login")
        self.store.set_failures("login", count + 1, self.clock())
        if "package" in lowered:
            return UnasLoginError(
                "A kulcs rendben van, de a webáruház csomagja nem tartalmaz API-hozzáférést (PREMIUM vagy "
                "VIP csomag kell). A UNAS adminban a csomag bővíthető; addig a program nem szinkronizál.",
                message,
            )
        return UnasLoginError(
            f"A webáruház nem engedte a belépést: „{message or 'ismeretlen hiba'}”. "
            "Ha az API kulcs IP-címhez van kötve (UNAS admin › Beállítások › Külső kapcsolatok › "
            "API kapcsolat), vegye fel ennek a gépnek a címét, vagy törölje a korlátozást.",
            message,
        )

    def _expiry(self, raw: str | None, now: datetime, unix: str | None = None) -> datetime:
        # ExpireTime (unix seconds) is preferred where live shops send it (quirk 43); Expire is
        # Budapest local time. Either is trusted only when it parses and is within 2 hours.
        latest = now + TOKEN_LIFETIME
        for candidate in (unix, raw):
            if not candidate:
                continue
            try:
                parsed = (
                    xml_codec.unix_time(candidate)
                    if candidate.isdigit()
                    else xml_codec.shop_datetime(candidate)
                )
            except (UnasXmlError, ValueError, OverflowError):
                continue
            if parsed is not None and parsed > now:
                return min(parsed, latest)
        return latest

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
            logins = self.logins
            token = self._token()
            fresh = self.logins > logins  # this very call logged in
            self._check_budget(bucket)
            root = self._post(endpoint, payload, token=token.token, bucket=bucket)
            if root.tag != "Error":
                if counts_as_success:
                    self.store.set_failures(endpoint, 0, None)
                return root
            message = root.text or ""
            self._raise_if_ban(message, endpoint)
            if not relogged and not fresh and message not in self._not_token_errors:
                # The expired-token text is not documented: any error of a call made with a token
                # from an earlier login gets one new login and one more try, never more.
                relogged = True
                self.store.set_token(None)
                continue
            self._not_token_errors.add(message)
            self._count_failure(endpoint)
            raise UnasErrorAnswer(f"A webáruház hibát jelzett ({endpoint}): {message}", message)

    def _post(
        self, endpoint: str, payload: bytes, *, token: str | None, bucket: Bucket | None = None
    ) -> Element:
        headers = {"Content-Type": "application/xml; charset=UTF-8"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        now = self.clock()
        try:
            # No redirects: an API address that moved is told to the user (and a loop costs one call,
            # not thirty); the key and token never follow a redirect to another address or scheme.
            response = self.http.post(
                self.base_url + endpoint,
                data=payload,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
                stream=True,
            )
            try:
                body = self._read_answer(response, endpoint, time.monotonic() + self.deadline)
            finally:
                response.close()
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            raise self._no_answer(endpoint, exc) from exc
        # Answered calls count against the limits, failed or not.
        self.store.record_call(GENERAL_BUCKET, now)
        if bucket is not None:
            self.store.record_call(bucket.name, now)
        self.store.set_backoff(None)
        if response.is_redirect or 300 <= response.status_code < 400:
            self._count_failure(endpoint)
            target = response.headers.get("Location", "")
            raise UnasApiError(
                f"A webáruház API címe átirányít ({endpoint}, HTTP {response.status_code})"
                + (f" ide: {target}" if target else "")
                + ". Ellenőrizze a webáruház API címét a Webáruházak beállításaiban.",
                f"redirect to {target!r}",
            )
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

    def _read_answer(self, response: requests.Response, endpoint: str, deadline: float) -> bytes:
        """The answer, read as it arrives: the read timeout is per packet, so a server dripping one
        byte at a time is stopped by the whole call's deadline, and a huge answer by the size cap
        before it fills the memory."""
        too_big = UnasApiError(
            f"A webáruház válasza túl nagy ({endpoint}, több mint "
            f"{self.max_answer_bytes // (1024 * 1024)} MB); a program nem olvasta be.",
            f"answer over {self.max_answer_bytes} bytes",
        )
        announced = response.headers.get("Content-Length", "")
        if announced.isdigit() and int(announced) > self.max_answer_bytes:
            self._count_failure(endpoint)
            raise too_big  # said so before the first byte: nothing is read
        chunks: list[bytes] = []
        size = 0
        # A blocked read cannot look at the clock: a timer breaks it off at the deadline
        # (urllib3's shutdown() is made for exactly that, from another thread).
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            shutdown = getattr(response.raw, "shutdown", None)
            if shutdown is not None:
                shutdown()

        timer = threading.Timer(max(0.0, deadline - time.monotonic()), expire)
        timer.daemon = True
        timer.start()
        try:
            for chunk in response.iter_content(256 * 1024):
                size += len(chunk)
                if size > self.max_answer_bytes:
                    self._count_failure(endpoint)
                    raise too_big
                chunks.append(chunk)
                if expired.is_set():
                    break
        except UnasApiError:
            raise
        except Exception as exc:
            if not expired.is_set():
                raise
            raise requests.Timeout(f"{endpoint}: no complete answer within {self.deadline:.0f} s") from exc
        finally:
            timer.cancel()
        if expired.is_set():
            raise requests.Timeout(f"{endpoint}: no complete answer within {self.deadline:.0f} s")
        return b"".join(chunks)

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
            if not xml_codec.is_ban_text(message):
                return
            # A ban whose date cannot be read: the documented length (one hour), not a crash.
            until = self.clock() + UNREADABLE_BAN
            log.warning("unreadable ban text from %s, counted as a one-hour ban: %r", endpoint, message)
        latest = self.clock() + LONGEST_BAN
        if until > latest:
            # The documented bans last one hour (two for the silent one); a date beyond that (say
            # 12.31.9999) would lock the shop out for good, and only an SQL edit could undo it.
            log.warning("ban till %s from %s capped to %s: %r", until, endpoint, latest, message)
            until = latest
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
        if endpoint == "login":
            failed, at = self.store.failures("login")
            if failed and at is not None and at + LOGIN_PAUSE > now:
                raise UnasLoginError(
                    "A legutóbbi belépés nem sikerült; a program "
                    f"{_hhmm(at + LOGIN_PAUSE)} után próbálja újra "
                    "(óránként 5 hibás belépés kitiltást okoz).",
                    "login paused",
                )
            return
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
        already_done: Callable[[Sequence[str]], dict[str, str]] | None = None,
    ) -> tuple[SetResult, Exception | None]:
        """Send items in batches of ≤ 100; report each as ok, error, held_back or not_reached.

        UNAS stops at the first failing item (documented), so an item missing from the answer was
        not reached and must be sent again. An item that failed is held back until its data
        changes. A batch answered with one root ``<Error>`` cannot say which item failed, nor
        which ones before it were done: ``already_done`` (key → id) asks the shop about those
        that must not be sent twice (adds), and the others are sent again one per call – a modify
        is idempotent, and only the failing item fails again (one failed call, not one per item).
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
        batches = self._batches(to_send)
        while batches:
            batch = batches.pop(0)
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
            except UnasErrorAnswer as exc:
                if len(batch) > 1:
                    try:
                        done = already_done([key for _i, key, _el, _fp in batch]) if already_done else {}
                    except Exception as check_error:  # unknown what was done: nothing more is sent
                        error = check_error
                        for index, key, _el, _fp in batch:
                            results[index] = ItemResult(key, "not_reached")
                        continue
                    for index, key, _el, _fp in batch:
                        if key in done:
                            results[index] = ItemResult(key, "ok", id=done[key] or None)
                    rest = [item for item in batch if item[1] not in done]
                    batches[:0] = [[item] for item in rest]  # which one failed: one per call
                    continue
                index, key, _el, fingerprint = batch[0]
                results[index] = ItemResult(key, "error", error=exc.detail or exc.user_message)
                self.store.set_failed_items(endpoint, {key: fingerprint})
                continue
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
