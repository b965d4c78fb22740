"""The service's operations: the request checked, then answered as NAV would.

Manage requests are taken synchronously (token, index, signature) and processed later, when a
status is asked for and the service's clock says the processing time has passed: a transaction
goes RECEIVED → PROCESSING → DONE / ABORTED, its invoices in index order, transactions in the
order they arrived.
"""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree

from app.navsandbox import answers, xsd
from app.navsandbox.auth import API, Caller, Refused, authenticate, remember
from app.navsandbox.invoice_checks import check
from app.navsandbox.state import TOKEN_SECONDS, Item, KnownInvoice, ServiceState, Taxpayer, Transaction

OPERATIONS = {
    "tokenExchange": "TokenExchangeRequest",
    "manageInvoice": "ManageInvoiceRequest",
    "manageAnnulment": "ManageAnnulmentRequest",
    "queryTransactionStatus": "QueryTransactionStatusRequest",
    "queryTransactionList": "QueryTransactionListRequest",
    "queryInvoiceCheck": "QueryInvoiceCheckRequest",
    "queryTaxpayer": "QueryTaxpayerRequest",
}
PAGE_SIZE = 10
WEIGHTS = (9, 7, 3, 1, 9, 7, 3)


def tax_number_valid(base: str) -> bool:
    """The 8th digit of a Hungarian tax number checks the first seven (weights 9-7-3-1)."""
    if len(base) != 8 or not base.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(base[:7], WEIGHTS, strict=True))
    return (10 - total % 10) % 10 == int(base[7])


class Service:
    def __init__(self, state: ServiceState) -> None:
        self.state = state

    def handle(self, operation: str, body: bytes) -> tuple[int, bytes, str | None]:
        """(HTTP status, answer, transaction id taken) for one request."""
        now = self.state.clock.now()
        root_name = OPERATIONS.get(operation)
        if root_name is None:
            return 404, b"", None
        try:
            doc = etree.fromstring(body, xsd.PARSER)
        except etree.XMLSyntaxError as exc:
            return (
                400,
                answers.general_error(None, now, "INVALID_REQUEST", "Nem jól formázott XML.", [str(exc)]),
                None,
            )
        if etree.QName(doc).localname != root_name:
            return 500, answers.general_error(doc, now, "OPERATION_FAILED", "Ismeretlen művelet.", []), None
        problems = xsd.problems(doc, "invoiceApi.xsd")
        if problems:
            return 400, answers.general_error(doc, now, "INVALID_REQUEST", "Sémahibás kérés.", problems), None
        with self.state.lock:
            try:
                caller = authenticate(self.state, doc, operation)
                answer, taken = getattr(self, operation)(doc, caller, now)
            except Refused as exc:
                return exc.status, answers.general_error(doc, now, exc.code, exc.message, exc.technical), None
            remember(self.state, caller)
            self.state.save()
        return 200, answer, taken

    # --- operations ---------------------------------------------------------------------------
    def tokenExchange(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, None]:
        token = f"{secrets.token_hex(16)}{secrets.token_hex(6).upper()}"
        self.state.tokens = {t: v for t, v in self.state.tokens.items() if v[1] > now}
        self.state.tokens[token] = (caller.user.tax_number, now + TOKEN_SECONDS)
        padder = padding.PKCS7(128).padder()
        plain = padder.update(token.encode()) + padder.finalize()
        encryptor = Cipher(algorithms.AES(caller.user.exchange_key.encode()), modes.ECB()).encryptor()
        encoded = base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()
        return answers.token(doc, now, encoded, now + TOKEN_SECONDS), None

    def _take_token(self, doc: etree._Element, caller: Caller, now: float) -> None:
        token = (doc.findtext(f"{API}exchangeToken") or "").strip()
        held = self.state.tokens.pop(token, None)  # single use
        if held is None or held[0] != caller.user.tax_number or held[1] < now:
            raise Refused(400, "INVALID_EXCHANGE_TOKEN", "Érvénytelen vagy lejárt adatszolgáltatási token.")

    def _receive(self, doc: etree._Element, caller: Caller, now: float, kind: str) -> tuple[bytes, str]:
        self._take_token(doc, caller, now)
        items = []
        tag = "invoiceOperation" if kind == "invoice" else "annulmentOperation"
        data_tag = "invoiceData" if kind == "invoice" else "invoiceAnnulment"
        for position, op in enumerate(doc.iterfind(f".//{API}{tag}[{API}index]"), start=1):
            if (op.findtext(f"{API}index") or "").strip() != str(position):
                raise Refused(400, "INDEX_NOT_SEQUENTIAL", "Az indexek nem folytonosak.")
            items.append(
                Item(
                    position,
                    (op.findtext(f"{API}{tag}") or "").strip(),
                    (op.findtext(f"{API}{data_tag}") or "").strip(),
                )
            )
        tx = Transaction(
            self.state.next_transaction_id(),
            caller.user.tax_number,
            caller.user.login,
            caller.request_id,
            now,
            items,
            annulment=kind == "annulment",
        )
        self.state.transactions[tx.transaction_id] = tx
        name = "ManageInvoiceResponse" if kind == "invoice" else "ManageAnnulmentResponse"
        return answers.transaction(doc, now, name, tx.transaction_id), tx.transaction_id

    def manageInvoice(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, str]:
        return self._receive(doc, caller, now, "invoice")

    def manageAnnulment(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, str]:
        return self._receive(doc, caller, now, "annulment")

    def queryTransactionStatus(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, None]:
        self.process(now)
        tx = self.state.transactions.get((doc.findtext(f"{API}transactionId") or "").strip())
        if tx is not None and tx.tax_number != caller.user.tax_number:
            tx = None
        original = (doc.findtext(f"{API}returnOriginalRequest") or "false").strip() == "true"
        return answers.status(doc, now, tx, original=original), None

    def queryTransactionList(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, None]:
        self.process(now)
        since = _seconds(doc.findtext(f"{API}insDate/{API}dateTimeFrom"))
        until = _seconds(doc.findtext(f"{API}insDate/{API}dateTimeTo"))
        if since > until:
            raise Refused(400, "BAD_QUERY_PARAM_OVERLAP", "A lekérdezés kezdete későbbi a végénél.")
        if until - since > 35 * 86400:
            raise Refused(400, "BAD_QUERY_PARAM_RANGE_EXCEEDED", "A lekérdezett időszak legfeljebb 35 nap.")
        found = sorted(
            (
                t
                for t in self.state.transactions.values()
                if t.tax_number == caller.user.tax_number and since <= t.received_at <= until
            ),
            key=lambda t: t.received_at,
        )
        page = int((doc.findtext(f"{API}page") or "1").strip())
        pages = max(1, -(-len(found) // PAGE_SIZE))
        shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return answers.transaction_list(doc, now, page, pages if found else 0, shown), None

    def queryInvoiceCheck(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, None]:
        self.process(now)
        number = (doc.findtext(f"{API}invoiceNumberQuery/{API}invoiceNumber") or "").strip()
        direction = (doc.findtext(f"{API}invoiceNumberQuery/{API}invoiceDirection") or "").strip()
        found = direction == "OUTBOUND" and self.state.known(caller.user.tax_number, number) is not None
        return answers.invoice_check(doc, now, found), None

    def queryTaxpayer(self, doc: etree._Element, caller: Caller, now: float) -> tuple[bytes, None]:
        base = (doc.findtext(f"{API}taxNumber") or "").strip()
        marked = self.state.taxpayers.get(base)
        if marked is not None:
            status, name = marked.status, marked.name
        else:
            status = "valid" if tax_number_valid(base) else "unknown"
            name = ""
        return answers.taxpayer(doc, now, base, status, name or f"TESZT ADÓZÓ {base} KFT."), None

    # --- processing ---------------------------------------------------------------------------
    def process(self, now: float) -> None:
        """Move every transaction on as far as the processing time allows, oldest first."""
        delay = self.state.processing_seconds
        for tx in sorted(self.state.transactions.values(), key=lambda t: t.received_at):
            if tx.processed:
                continue
            elapsed = now - tx.received_at
            if elapsed < delay:
                for item in tx.items:
                    item.status = "RECEIVED" if elapsed < delay / 2 else "PROCESSING"
                continue
            if tx.annulment:
                self._annul(tx)
            else:
                self._invoices(tx)
            tx.processed = True

    def _invoices(self, tx: Transaction) -> None:
        numbers = []
        for item in tx.items:  # the numbers of the request, for DUPLICATE_IN_REQUEST
            try:
                found = etree.fromstring(base64.b64decode(item.data), xsd.PARSER).findtext(
                    "{http://schemas.nav.gov.hu/OSA/3.0/data}invoiceNumber"
                )
            except (ValueError, etree.XMLSyntaxError):
                found = None
            numbers.append((found or "").strip())
        for item in tx.items:
            outcome = check(self.state, tx.tax_number, item.operation, item.data, numbers)
            item.number = outcome.number
            item.messages = outcome.messages
            item.status = "ABORTED" if outcome.aborted else "DONE"
            if not outcome.aborted:
                self.state.invoices[f"{tx.tax_number}:{outcome.number}"] = KnownInvoice(
                    outcome.number,
                    tx.tax_number,
                    item.operation,
                    tx.transaction_id,
                    item.index,
                    outcome.original,
                    outcome.modification_index,
                    outcome.line_refs,
                )

    def _annul(self, tx: Transaction) -> None:
        bad = False
        for item in tx.items:
            try:
                doc = etree.fromstring(base64.b64decode(item.data), xsd.PARSER)
            except (ValueError, etree.XMLSyntaxError):
                doc = None
            problems = xsd.problems(doc, "invoiceAnnulment.xsd") if doc is not None else ["not XML"]
            number = (
                (doc.findtext("{http://schemas.nav.gov.hu/OSA/3.0/annul}annulmentReference") or "")
                if doc is not None
                else ""
            )
            item.number = number.strip()
            if problems:
                item.messages = [
                    {
                        "kind": "technical",
                        "result": "ERROR",
                        "code": "SCHEMA_VIOLATION",
                        "message": problems[0],
                        "tag": "",
                        "value": "",
                        "line": None,
                    }
                ]
            elif self.state.known(tx.tax_number, item.number) is None:
                item.messages = [
                    {
                        "kind": "business",
                        "result": "ERROR",
                        "code": "INVALID_ANNULMENT_REFERENCE",
                        "message": "A technikai érvénytelenítés hivatkozása hibás.",
                        "tag": "annulmentReference",
                        "value": item.number,
                        "line": None,
                    }
                ]
            item.status = "ABORTED" if item.messages else "DONE"
            bad = bad or bool(item.messages)
        tx.annulment_status = "NOT_VERIFIABLE" if bad else "VERIFICATION_PENDING"

    def approve_annulment(self, transaction_id: str) -> None:
        """As the primary user approving it on NAV's web page: the numbers become free again."""
        tx = self.state.transactions[transaction_id]
        if tx.annulment_status != "VERIFICATION_PENDING":
            raise ValueError(f"{transaction_id} is {tx.annulment_status}")
        for item in tx.items:
            self.state.invoices.pop(f"{tx.tax_number}:{item.number}", None)
        tx.annulment_status = "VERIFICATION_DONE"

    def mark_taxpayer(self, base: str, status: str, name: str = "") -> None:
        self.state.taxpayers[base] = Taxpayer(status, name)


def _seconds(raw: str | None) -> float:
    text = (raw or "").strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text).astimezone(UTC).timestamp()
    except ValueError:
        raise Refused(400, "INVALID_REQUEST", f"Hibás időpont: {raw}") from None
