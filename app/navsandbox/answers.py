"""The service's answers, shaped as invoiceApi.xsd and NAV's own answers (header and software
copied from the request, a result block, then the operation's data)."""

from __future__ import annotations

import base64
import copy
from datetime import UTC, datetime

from lxml import etree

from app.navsandbox.state import Item, Transaction

API_NS = "http://schemas.nav.gov.hu/OSA/3.0/api"
COMMON_NS = "http://schemas.nav.gov.hu/NTCA/1.0/common"
BASE_NS = "http://schemas.nav.gov.hu/OSA/3.0/base"
API, COMMON, BASE = f"{{{API_NS}}}", f"{{{COMMON_NS}}}", f"{{{BASE_NS}}}"


def stamp(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, tag)
    if text is not None:
        child.text = text
    return child


def _software(parent: etree._Element) -> None:
    sw = _sub(parent, f"{API}software")
    for tag, value in (
        ("softwareId", "HU00000000NAVTESZT"),
        ("softwareName", "Bolthid NAV tesztszolgaltatas"),
        ("softwareOperation", "ONLINE_SERVICE"),
        ("softwareMainVersion", "3.0"),
        ("softwareDevName", "Bolthid"),
        ("softwareDevContact", "nav-teszt@localhost"),
    ):
        _sub(sw, f"{API}{tag}", value)


def _start(
    name: str, request: etree._Element | None, now: float, code: str = "", message: str = ""
) -> etree._Element:
    root = etree.Element(f"{API}{name}", nsmap={None: API_NS, "common": COMMON_NS, "base": BASE_NS})  # type: ignore[dict-item]
    header = request.find(f"{COMMON}header") if request is not None else None
    if header is not None:
        root.append(copy.deepcopy(header))
    else:
        fresh = _sub(root, f"{COMMON}header")
        _sub(fresh, f"{COMMON}requestId", "UNKNOWN")
        _sub(fresh, f"{COMMON}timestamp", stamp(now))
        _sub(fresh, f"{COMMON}requestVersion", "3.0")
    result = _sub(root, f"{COMMON}result")
    _sub(result, f"{COMMON}funcCode", "ERROR" if code else "OK")
    if code:
        _sub(result, f"{COMMON}errorCode", code)
        _sub(result, f"{COMMON}message", message or code)
    sent = request.find(f"{API}software") if request is not None else None
    if sent is not None:
        root.append(copy.deepcopy(sent))
    else:
        _software(root)
    return root


def done(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def general_error(
    request: etree._Element | None, now: float, code: str, message: str, technical: list[str]
) -> bytes:
    root = _start("GeneralErrorResponse", request, now, code, message)
    for text in technical:
        item = _sub(root, f"{API}technicalValidationMessages")
        _sub(item, f"{COMMON}validationResultCode", "ERROR")
        _sub(item, f"{COMMON}validationErrorCode", "SCHEMA_VIOLATION")
        _sub(item, f"{COMMON}message", text[:1000])
    return done(root)


def token(request: etree._Element, now: float, encoded: str, until: float) -> bytes:
    root = _start("TokenExchangeResponse", request, now)
    _sub(root, f"{API}encodedExchangeToken", encoded)
    _sub(root, f"{API}tokenValidityFrom", stamp(now))
    _sub(root, f"{API}tokenValidityTo", stamp(until))
    return done(root)


def transaction(request: etree._Element, now: float, name: str, transaction_id: str) -> bytes:
    root = _start(name, request, now)
    _sub(root, f"{API}transactionId", transaction_id)
    return done(root)


def _messages(parent: etree._Element, item: Item) -> None:
    for m in item.messages:
        if m["kind"] != "technical":
            continue
        block = _sub(parent, f"{API}technicalValidationMessages")
        _sub(block, f"{COMMON}validationResultCode", m["result"])
        _sub(block, f"{COMMON}validationErrorCode", m["code"])
        _sub(block, f"{COMMON}message", (m["message"] or m["code"])[:1000])
    for m in item.messages:
        if m["kind"] != "business":
            continue
        block = _sub(parent, f"{API}businessValidationMessages")
        _sub(block, f"{API}validationResultCode", m["result"])
        _sub(block, f"{API}validationErrorCode", m["code"])
        _sub(block, f"{API}message", (m["message"] or m["code"])[:500])
        if m.get("tag") or m.get("value") or m.get("line"):
            pointer = _sub(block, f"{API}pointer")
            if m.get("tag"):
                _sub(pointer, f"{API}tag", m["tag"])
            if m.get("value"):
                _sub(pointer, f"{API}value", str(m["value"])[:1000])
            if m.get("line"):
                _sub(pointer, f"{API}line", str(m["line"]))


def status(request: etree._Element, now: float, tx: Transaction | None, *, original: bool) -> bytes:
    root = _start("QueryTransactionStatusResponse", request, now)
    if tx is None:
        return done(root)
    results = _sub(root, f"{API}processingResults")
    for item in tx.items:
        block = _sub(results, f"{API}processingResult")
        _sub(block, f"{API}index", str(item.index))
        _sub(block, f"{API}invoiceStatus", item.status)
        _messages(block, item)
        _sub(block, f"{API}compressedContentIndicator", "false")
        if original:
            _sub(block, f"{API}originalRequest", item.data)
    _sub(results, f"{API}originalRequestVersion", "3.0")
    if tx.annulment:
        data = _sub(results, f"{API}annulmentData")
        _sub(data, f"{API}annulmentVerificationStatus", tx.annulment_status or "NOT_VERIFIABLE")
    return done(root)


def transaction_list(
    request: etree._Element, now: float, page: int, pages: int, found: list[Transaction]
) -> bytes:
    root = _start("QueryTransactionListResponse", request, now)
    block = _sub(root, f"{API}transactionListResult")
    _sub(block, f"{API}currentPage", str(page))
    _sub(block, f"{API}availablePage", str(pages))
    for tx in found:
        item = _sub(block, f"{API}transaction")
        _sub(item, f"{API}insDate", stamp(tx.received_at))
        _sub(item, f"{API}insCusUser", tx.login)
        _sub(item, f"{API}source", "OPG")
        _sub(item, f"{API}transactionId", tx.transaction_id)
        _sub(item, f"{API}requestStatus", "FINISHED" if tx.processed else "RECEIVED")
        _sub(item, f"{API}technicalAnnulment", "true" if tx.annulment else "false")
        _sub(item, f"{API}originalRequestVersion", "3.0")
        _sub(item, f"{API}itemCount", str(len(tx.items)))
    return done(root)


def invoice_check(request: etree._Element, now: float, found: bool) -> bytes:
    root = _start("QueryInvoiceCheckResponse", request, now)
    _sub(root, f"{API}invoiceCheckResult", "true" if found else "false")
    return done(root)


def taxpayer(request: etree._Element, now: float, tax_number: str, status: str, name: str) -> bytes:
    root = _start("QueryTaxpayerResponse", request, now)
    if status == "unknown":
        return done(root)  # no such tax number: no validity, no data
    _sub(root, f"{API}infoDate", stamp(now - 86400 * 30))
    _sub(root, f"{API}taxpayerValidity", "true" if status == "valid" else "false")
    if status != "valid":
        return done(root)
    data = _sub(root, f"{API}taxpayerData")
    _sub(data, f"{API}taxpayerName", name)
    detail = _sub(data, f"{API}taxNumberDetail")
    _sub(detail, f"{BASE}taxpayerId", tax_number)
    _sub(detail, f"{BASE}vatCode", "2")
    _sub(detail, f"{BASE}countyCode", "41")
    _sub(data, f"{API}incorporation", "ORGANIZATION")
    addresses = _sub(data, f"{API}taxpayerAddressList")
    item = _sub(addresses, f"{API}taxpayerAddressItem")
    _sub(item, f"{API}taxpayerAddressType", "HQ")
    address = _sub(item, f"{API}taxpayerAddress")
    for tag, value in (
        ("countryCode", "HU"),
        ("postalCode", "1" + tax_number[:3]),
        ("city", "Budapest"),
        ("streetName", "Teszt"),
        ("publicPlaceCategory", "utca"),
        ("number", str(int(tax_number[3:6]) % 200 + 1)),
    ):
        _sub(address, f"{BASE}{tag}", value)
    return done(root)


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
