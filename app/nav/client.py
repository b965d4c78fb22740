"""NavClient: the NAV Online Számla 3.0 operations a desktop invoicing program needs.

Every call is one POST of a signed request; the answer is read hardened. What NAV's answer (or
its absence) means for the caller is the error's type (see app.nav.errors). A manage call is
prepared first and sent second, so the caller can store its requestId and timestamp before it
leaves the machine: that is what lets a lost answer be found again instead of sent twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests

from app.nav import crypto, envelope, responses
from app.nav.errors import NavCredentialError, NavNoAnswer, NavRequestRefused, NavUnavailable, NavXmlError
from app.nav.records import ItemResult, NavUser, Sent, Software, Taxpayer, Token, TransactionInfo
from app.timeutil import utcnow

log = logging.getLogger(__name__)

PRODUCTION_URL = "https://api.onlineszamla.nav.gov.hu/invoiceService/v3/"
TEST_URL = "https://api-test.onlineszamla.nav.gov.hu/invoiceService/v3/"
# NAV: typical answer under 200 ms, 5 s blocking timeout, 60 s absolute (specification 1.6.6).
TIMEOUT = (10.0, 65.0)
# queryTransactionList: at most 35 days per query.
LIST_SPAN = timedelta(days=35)

CREDENTIAL_TEXTS = {
    "INVALID_SECURITY_USER": (
        "A NAV nem fogadta el a technikai felhasználó nevét vagy jelszavát (vagy ez nem technikai "
        "felhasználó). Ellenőrizze a NAV Online Számla felületén."
    ),
    "INVALID_REQUEST_SIGNATURE": (
        "A NAV szerint az aláírókulcs hibás: másolja be újra a technikai felhasználó aláírókulcsát."
    ),
    "NOT_REGISTERED_CUSTOMER": (
        "A megadott adószámú adózó nincs regisztrálva a NAV Online Számla rendszerében "
        "(vagy a teszt- és az éles környezet keveredett)."
    ),
    "INVALID_CUSTOMER": (
        "A megadott adószám a NAV szerint nem létezik, vagy az adózó nem végezhet számlaműveletet."
    ),
    "INVALID_USER_RELATION": (
        "A technikai felhasználó nem a megadott adószámhoz tartozik, vagy már nem aktív."
    ),
    "FORBIDDEN": (
        "A technikai felhasználónak nincs joga ehhez a művelethez: a NAV Online Számla felületén az "
        "elsődleges felhasználó adhatja meg (pl. „Számlák kezelése”)."
    ),
}
UNAVAILABLE_CODES = {"MAINTENANCE_MODE", "OPERATION_FAILED"}


@dataclass(frozen=True)
class Prepared:
    """A manage request built and signed, not yet sent: store request_id and moment first."""

    operation: str  # manageInvoice | manageAnnulment
    request_id: str
    moment: datetime
    body: bytes


class NavClient:
    def __init__(
        self,
        user: NavUser,
        software: Software,
        base_url: str = PRODUCTION_URL,
        *,
        http: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.user = user
        self.software = software
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.http = http or requests.Session()
        self.timeout = timeout
        self.clock = clock

    # --- building -----------------------------------------------------------------------------
    def _ids(self) -> tuple[str, datetime]:
        moment = envelope.signed_time(self.clock())
        return envelope.new_request_id(moment), moment

    def exchange_token(self) -> Token:
        request_id, moment = self._ids()
        root = self._post(
            "tokenExchange", envelope.token_exchange(self.user, self.software, request_id, moment)
        )
        encoded, valid_to = responses.token(root)
        return Token(crypto.decode_exchange_token(encoded, self.user.exchange_key), valid_to)

    def prepare_invoices(self, items: Sequence[tuple[str, bytes]]) -> Prepared:
        """A fresh token and the signed manageInvoice request for ``items`` (operation, XML)."""
        token = self.exchange_token()
        request_id, moment = self._ids()
        body = envelope.manage_invoice(self.user, self.software, request_id, moment, token.value, items)
        return Prepared("manageInvoice", request_id, moment, body)

    def prepare_annulments(self, annulments: Sequence[bytes]) -> Prepared:
        token = self.exchange_token()
        request_id, moment = self._ids()
        body = envelope.manage_annulment(
            self.user, self.software, request_id, moment, token.value, annulments
        )
        return Prepared("manageAnnulment", request_id, moment, body)

    def submit(self, prepared: Prepared) -> Sent:
        root = self._post(prepared.operation, prepared.body)
        return Sent(prepared.request_id, prepared.moment, responses.transaction_id(root))

    # --- queries ------------------------------------------------------------------------------
    def transaction_status(self, transaction_id: str, *, original: bool = False) -> list[ItemResult]:
        request_id, moment = self._ids()
        body = envelope.query_transaction_status(
            self.user, self.software, request_id, moment, transaction_id, original=original
        )
        return responses.processing_results(self._post("queryTransactionStatus", body))

    def transactions(self, since: datetime, until: datetime) -> list[TransactionInfo]:
        """Every transaction of the taxpayer received between ``since`` and ``until`` (all pages)."""
        since = max(since, until - LIST_SPAN)
        out: list[TransactionInfo] = []
        page = 1
        while True:
            request_id, moment = self._ids()
            body = envelope.query_transaction_list(
                self.user, self.software, request_id, moment, since, until, page
            )
            result = responses.transaction_list(self._post("queryTransactionList", body))
            out.extend(result.transactions)
            if page >= result.available_pages or page >= 100:
                return out
            page += 1

    def invoice_known(self, invoice_number: str) -> bool:
        """Whether NAV holds exactly one valid data report of this outgoing invoice number."""
        request_id, moment = self._ids()
        body = envelope.query_invoice_check(self.user, self.software, request_id, moment, invoice_number)
        return responses.invoice_check(self._post("queryInvoiceCheck", body))

    def taxpayer(self, tax_number: str) -> Taxpayer:
        base = "".join(ch for ch in tax_number if ch.isdigit())[:8]
        request_id, moment = self._ids()
        body = envelope.query_taxpayer(self.user, self.software, request_id, moment, base)
        return responses.taxpayer(self._post("queryTaxpayer", body), base, self.clock())

    # --- transport ----------------------------------------------------------------------------
    def _post(self, operation: str, body: bytes) -> responses.Element:
        url = self.base_url + operation
        manage = operation.startswith("manage")
        try:
            answer = self.http.post(
                url,
                data=body,
                headers={"Content-Type": "application/xml", "Accept": "application/xml"},
                timeout=self.timeout,
            )
        except requests.ConnectTimeout as exc:
            raise NavUnavailable(_NO_NETWORK, str(exc)) from exc
        except requests.ConnectionError as exc:
            if _never_connected(exc):
                raise NavUnavailable(_NO_NETWORK, str(exc)) from exc
            raise self._no_answer(operation, manage, exc) from exc
        except requests.Timeout as exc:
            raise self._no_answer(operation, manage, exc) from exc
        except requests.RequestException as exc:
            raise self._no_answer(operation, manage, exc) from exc
        return self._read(operation, manage, answer)

    def _no_answer(self, operation: str, manage: bool, exc: Exception) -> Exception:
        if manage:
            return NavNoAnswer(
                "A NAV nem válaszolt a beküldésre; a program a NAV előírása szerint 5 perc múlva "
                "megnézi, megérkezett-e, és csak ha nem, küldi újra.",
                f"{operation}: {exc}",
            )
        return NavUnavailable(
            "A NAV nem válaszolt (időtúllépés vagy megszakadt kapcsolat).", f"{operation}: {exc}"
        )

    def _read(self, operation: str, manage: bool, answer: requests.Response) -> responses.Element:
        status = answer.status_code
        try:
            root = responses.parse(answer.content)
        except NavXmlError:
            if status == 200:
                raise
            if status == 404:
                raise NavRequestRefused(
                    "A NAV címe hibás (a szolgáltatás nem található): ellenőrizze a beállításokban.",
                    f"HTTP 404 {answer.url}",
                ) from None
            if status == 503 or not manage:
                raise NavUnavailable(_DOWN, f"{operation}: HTTP {status}") from None
            raise NavNoAnswer(
                "A NAV hibával válaszolt, és nem derül ki, átvette-e a beküldést; a program "
                "5 perc múlva megnézi, és csak ha nem érkezett meg, küldi újra.",
                f"{operation}: HTTP {status} {answer.text[:200]}",
            ) from None
        func, code, message = responses.result(root)
        if status == 200 and func != "ERROR":
            return root
        detail = (
            f"{operation}: HTTP {status} {code} {message} {'; '.join(responses.technical_messages(root))}"
        )
        if code in CREDENTIAL_TEXTS:
            raise NavCredentialError(CREDENTIAL_TEXTS[code], detail.strip(), code)
        if code in UNAVAILABLE_CODES or status >= 500:
            raise NavUnavailable(_DOWN if code != "OPERATION_FAILED" else _FAILED, detail.strip(), code)
        raise NavRequestRefused(
            f"A NAV elutasította a kérést ({code or status}): {message or 'nincs részletezve'}.",
            detail.strip(),
            code,
        )


_NO_NETWORK = "A NAV nem érhető el: nincs hálózati kapcsolat, vagy a NAV címe nem elérhető."
_DOWN = (
    "A NAV rendszere most nem fogad kéréseket (karbantartás vagy üzemzavar); a program később újra próbálja."
)
_FAILED = "A NAV feldolgozási hibát jelzett (OPERATION_FAILED); a program később újra próbálja."


def _never_connected(exc: requests.ConnectionError) -> bool:
    """Refused or unresolvable: the request cannot have reached NAV."""
    reason = exc.args[0] if exc.args else None
    inner = getattr(reason, "reason", reason)
    name = type(inner).__name__
    return name in ("NewConnectionError", "NameResolutionError") or isinstance(inner, ConnectionRefusedError)
