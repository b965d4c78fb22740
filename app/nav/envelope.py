"""The request documents of NAV's interface (invoiceApi.xsd), with header, user and software blocks.

Every request carries a unique requestId, the UTC time with milliseconds, the password's SHA-512
and the request's SHA3-512 signature (see app.nav.crypto). Invoice data travels base64-encoded.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from lxml import etree

from app.nav import crypto
from app.nav.records import NavUser, Software

API_NS = "http://schemas.nav.gov.hu/OSA/3.0/api"
COMMON_NS = "http://schemas.nav.gov.hu/NTCA/1.0/common"
ANNUL_NS = "http://schemas.nav.gov.hu/OSA/3.0/annul"
REQUEST_VERSION = "3.0"
HEADER_VERSION = "1.0"
MAX_ITEMS = 100  # invoices (or annulments) in one manage request


def new_request_id(now: datetime) -> str:
    """Unique per taxpayer: the time to the microsecond and 24 random bits ([+a-zA-Z0-9_]{1,30})."""
    return f"BH{now.astimezone(UTC):%Y%m%d%H%M%S%f}{secrets.token_hex(3)}"


def timestamp_text(moment: datetime) -> str:
    """UTC with milliseconds, as GenericTimestampType wants it: 2026-12-01T10:00:00.123Z."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def signed_time(moment: datetime) -> datetime:
    """The moment to the millisecond: the signature and the header must see the same time."""
    utc = moment.astimezone(UTC)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


def _el(parent: etree._Element, tag: str, text: str | None = None, ns: str = API_NS) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        child.text = text
    return child


def _request(
    root_name: str,
    user: NavUser,
    software: Software,
    request_id: str,
    moment: datetime,
    operations: Sequence[tuple[str, str]] = (),
) -> etree._Element:
    root = etree.Element(f"{{{API_NS}}}{root_name}", nsmap={None: API_NS, "common": COMMON_NS})  # type: ignore[dict-item]
    header = _el(root, "header", ns=COMMON_NS)
    _el(header, "requestId", request_id, COMMON_NS)
    _el(header, "timestamp", timestamp_text(moment), COMMON_NS)
    _el(header, "requestVersion", REQUEST_VERSION, COMMON_NS)
    _el(header, "headerVersion", HEADER_VERSION, COMMON_NS)
    block = _el(root, "user", ns=COMMON_NS)
    _el(block, "login", user.login, COMMON_NS)
    _el(block, "passwordHash", crypto.password_hash(user.password), COMMON_NS).set("cryptoType", "SHA-512")
    _el(block, "taxNumber", user.tax_number, COMMON_NS)
    signature = crypto.request_signature(request_id, moment, user.signature_key, operations)
    _el(block, "requestSignature", signature, COMMON_NS).set("cryptoType", "SHA3-512")
    sw = _el(root, "software")
    _el(sw, "softwareId", software.software_id)
    _el(sw, "softwareName", software.name)
    _el(sw, "softwareOperation", software.operation)
    _el(sw, "softwareMainVersion", software.version)
    _el(sw, "softwareDevName", software.dev_name)
    _el(sw, "softwareDevContact", software.dev_contact)
    _el(sw, "softwareDevCountryCode", software.dev_country)
    return root


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def token_exchange(user: NavUser, software: Software, request_id: str, moment: datetime) -> bytes:
    return serialize(_request("TokenExchangeRequest", user, software, request_id, moment))


def manage_invoice(
    user: NavUser,
    software: Software,
    request_id: str,
    moment: datetime,
    token: str,
    items: Sequence[tuple[str, bytes]],
) -> bytes:
    """``items``: (CREATE|MODIFY|STORNO, InvoiceData XML) in index order, at most 100."""
    if not 1 <= len(items) <= MAX_ITEMS:
        raise ValueError(f"a manageInvoice request holds 1..{MAX_ITEMS} invoices, not {len(items)}")
    encoded = [(op, base64.b64encode(xml).decode("ascii")) for op, xml in items]
    root = _request("ManageInvoiceRequest", user, software, request_id, moment, encoded)
    _el(root, "exchangeToken", token)
    ops = _el(root, "invoiceOperations")
    _el(ops, "compressedContent", "false")
    for index, (op, data) in enumerate(encoded, start=1):
        item = _el(ops, "invoiceOperation")
        _el(item, "index", str(index))
        _el(item, "invoiceOperation", op)
        _el(item, "invoiceData", data)
    return serialize(root)


def manage_annulment(
    user: NavUser,
    software: Software,
    request_id: str,
    moment: datetime,
    token: str,
    annulments: Sequence[bytes],
) -> bytes:
    encoded = [("ANNUL", base64.b64encode(xml).decode("ascii")) for xml in annulments]
    root = _request("ManageAnnulmentRequest", user, software, request_id, moment, encoded)
    _el(root, "exchangeToken", token)
    ops = _el(root, "annulmentOperations")
    for index, (op, data) in enumerate(encoded, start=1):
        item = _el(ops, "annulmentOperation")
        _el(item, "index", str(index))
        _el(item, "annulmentOperation", op)
        _el(item, "invoiceAnnulment", data)
    return serialize(root)


def invoice_annulment(number: str, moment: datetime, code: str, reason: str) -> bytes:
    """The InvoiceAnnulment document: ``code`` ERRATIC_DATA | ERRATIC_INVOICE_NUMBER | …"""
    root = etree.Element(f"{{{ANNUL_NS}}}InvoiceAnnulment", nsmap={None: ANNUL_NS})  # type: ignore[dict-item]
    _el(root, "annulmentReference", number, ANNUL_NS)
    _el(root, "annulmentTimestamp", timestamp_text(moment), ANNUL_NS)
    _el(root, "annulmentCode", code, ANNUL_NS)
    _el(root, "annulmentReason", reason, ANNUL_NS)
    return serialize(root)


def query_transaction_status(
    user: NavUser,
    software: Software,
    request_id: str,
    moment: datetime,
    transaction_id: str,
    *,
    original: bool,
) -> bytes:
    root = _request("QueryTransactionStatusRequest", user, software, request_id, moment)
    _el(root, "transactionId", transaction_id)
    _el(root, "returnOriginalRequest", "true" if original else "false")
    return serialize(root)


def query_transaction_list(
    user: NavUser,
    software: Software,
    request_id: str,
    moment: datetime,
    since: datetime,
    until: datetime,
    page: int = 1,
) -> bytes:
    root = _request("QueryTransactionListRequest", user, software, request_id, moment)
    _el(root, "page", str(page))
    interval = _el(root, "insDate")
    _el(interval, "dateTimeFrom", timestamp_text(since))
    _el(interval, "dateTimeTo", timestamp_text(until))
    return serialize(root)


def query_invoice_check(
    user: NavUser, software: Software, request_id: str, moment: datetime, invoice_number: str
) -> bytes:
    root = _request("QueryInvoiceCheckRequest", user, software, request_id, moment)
    query = _el(root, "invoiceNumberQuery")
    _el(query, "invoiceNumber", invoice_number)
    _el(query, "invoiceDirection", "OUTBOUND")
    return serialize(root)


def query_taxpayer(
    user: NavUser, software: Software, request_id: str, moment: datetime, tax_number: str
) -> bytes:
    root = _request("QueryTaxpayerRequest", user, software, request_id, moment)
    _el(root, "taxNumber", tax_number)
    return serialize(root)
