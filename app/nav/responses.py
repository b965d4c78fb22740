"""Reading NAV's answers: hardened (no DTD, no entities, a size cap) and lenient about prefixes.

NAV's answers name the same namespaces with changing prefixes (ns2:, ns3: …), so elements are
found by their local names. An answer that is not XML, or not the one expected, is a NavXmlError.
"""

from __future__ import annotations

import base64
import binascii
import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from app.nav.errors import NavXmlError
from app.nav.records import ItemResult, Message, Taxpayer, TransactionInfo, TransactionPage

# Largest answer we read: a status with 100 original invoices returned can reach some megabytes.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
MAX_TEXT_CHARS = 10_000_000  # our own cap, not libxml2's (it differs between builds)

_PARSER = etree.XMLParser(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)

Element = etree._Element


def parse(data: bytes) -> Element:
    if len(data) > MAX_RESPONSE_BYTES:
        raise NavXmlError("A NAV válasza túl nagy.", f"{len(data)} bytes")
    if not data.strip():
        raise NavXmlError("A NAV üres választ küldött.", "empty body")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NavXmlError("A NAV válasza nem értelmezhető XML.", str(exc)) from exc
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise NavXmlError("A NAV válasza nem várt DOCTYPE-ot tartalmazott; elutasítva.", docinfo.doctype)
    # The same cap on every libxml2 (see app.unas.xml_codec.MAX_TEXT_CHARS).
    if any(len(n.text or "") > MAX_TEXT_CHARS or len(n.tail or "") > MAX_TEXT_CHARS for n in root.iter()):
        raise NavXmlError("A NAV válasza túl hosszú szöveget tartalmazott; elutasítva.", "huge text node")
    return root


def local(el: Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el: Element, name: str) -> Iterator[Element]:
    return (c for c in el if local(c) == name)


def child(el: Element | None, *path: str) -> Element | None:
    for name in path:
        if el is None:
            return None
        el = next(children(el, name), None)
    return el


def text(el: Element | None, *path: str) -> str:
    found = child(el, *path) if path else el
    return (found.text or "").strip() if found is not None else ""


def timestamp(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def result(root: Element) -> tuple[str, str, str]:
    """(funcCode, errorCode, message) of the answer's result block."""
    block = child(root, "result")
    if block is None and local(root) == "GeneralExceptionResponse":
        block = root
    return text(block, "funcCode"), text(block, "errorCode"), text(block, "message")


def technical_messages(root: Element) -> list[str]:
    return [
        " ".join(filter(None, (text(m, "validationErrorCode"), text(m, "message"))))
        for m in children(root, "technicalValidationMessages")
    ]


def token(root: Element) -> tuple[str, datetime | None]:
    encoded = text(root, "encodedExchangeToken")
    if not encoded:
        raise NavXmlError("A NAV tokenválaszában nincs token.", local(root))
    return encoded, timestamp(text(root, "tokenValidityTo"))


def transaction_id(root: Element) -> str:
    value = text(root, "transactionId")
    if not value:
        raise NavXmlError("A NAV válaszában nincs tranzakcióazonosító.", local(root))
    return value


def _messages(item: Element) -> tuple[Message, ...]:
    out = []
    for m in children(item, "technicalValidationMessages"):
        out.append(
            Message(
                "technical",
                text(m, "validationResultCode") or "ERROR",
                text(m, "validationErrorCode"),
                text(m, "message"),
            )
        )
    for m in children(item, "businessValidationMessages"):
        pointer = child(m, "pointer")
        line = text(pointer, "line")
        out.append(
            Message(
                "business",
                text(m, "validationResultCode") or "ERROR",
                text(m, "validationErrorCode"),
                text(m, "message"),
                tag=text(pointer, "tag"),
                value=text(pointer, "value"),
                line=int(line) if line.isdigit() else None,
            )
        )
    return tuple(out)


def _original(item: Element) -> bytes | None:
    raw = text(item, "originalRequest")
    if not raw:
        return None
    try:
        data = base64.b64decode(raw)
    except (binascii.Error, ValueError):
        return None
    if text(item, "compressedContentIndicator") == "true":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
    return data


def processing_results(root: Element) -> list[ItemResult]:
    results = child(root, "processingResults")
    if results is None:
        return []  # NAV knows no such transaction of ours
    out = []
    for item in children(results, "processingResult"):
        index = text(item, "index")
        if not index.isdigit():
            raise NavXmlError("A NAV feldolgozási eredményében hibás sorszám áll.", index)
        out.append(ItemResult(int(index), text(item, "invoiceStatus"), _messages(item), _original(item)))
    return out


def transaction_list(root: Element) -> TransactionPage:
    block = child(root, "transactionListResult")
    page = TransactionPage()
    if block is None:
        return page
    current, available = text(block, "currentPage"), text(block, "availablePage")
    page.current_page = int(current) if current.isdigit() else 1
    page.available_pages = int(available) if available.isdigit() else 1
    for tx in children(block, "transaction"):
        received = timestamp(text(tx, "insDate"))
        count = text(tx, "itemCount")
        if received is None or not text(tx, "transactionId"):
            continue
        page.transactions.append(
            TransactionInfo(
                text(tx, "transactionId"),
                received,
                text(tx, "requestStatus"),
                int(count) if count.isdigit() else 0,
                text(tx, "technicalAnnulment") == "true",
            )
        )
    return page


def invoice_check(root: Element) -> bool:
    return text(root, "invoiceCheckResult") == "true"


def taxpayer(root: Element, tax_number: str, checked_at: datetime) -> Taxpayer:
    validity = text(root, "taxpayerValidity")
    data = child(root, "taxpayerData")
    if data is None:
        return Taxpayer(tax_number, validity == "true", checked_at=checked_at)
    address = ""
    items = child(data, "taxpayerAddressList")
    if items is not None:
        first = next(
            (i for i in children(items, "taxpayerAddressItem") if text(i, "taxpayerAddressType") == "HQ"),
            next(children(items, "taxpayerAddressItem"), None),
        )
        where = child(first, "taxpayerAddress")
        if where is not None:
            street = " ".join(
                filter(None, (text(where, n) for n in ("streetName", "publicPlaceCategory", "number")))
            )
            address = f"{text(where, 'postalCode')} {text(where, 'city')}, {street}".strip(" ,")
    return Taxpayer(
        tax_number,
        validity != "false",  # a name without a validity flag: NAV knows it
        name=text(data, "taxpayerName"),
        address=address,
        vat_code=text(data, "taxNumberDetail", "vatCode"),
        county_code=text(data, "taxNumberDetail", "countyCode"),
        checked_at=checked_at,
    )
