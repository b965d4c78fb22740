"""Hardened XML reading and careful XML writing for the UNAS API.

Reading: no entity resolution, no DTD loading, no network, no DOCTYPE at all (UNAS never sends
one), a size cap; so billion-laughs and XXE documents are refused instead of expanded.
Writing: empty values are never emitted, because an empty element can erase the shop's data.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from app.timeutil import BUDAPEST
from app.unas.errors import UnasXmlError

# Largest answer we parse (bytes); the biggest real answer, 500 orders, is a few MB.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
# No single text node may be longer (libxml2's own limit, enforced here: the Windows lxml wheel
# ships an older libxml2 that accepts more, and a cap should not depend on the platform).
MAX_TEXT_CHARS = 10_000_000

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
        raise UnasXmlError("A webáruház válasza túl nagy.", f"{len(data)} bytes")
    if not data.strip():
        raise UnasXmlError("A webáruház üres választ küldött.", "empty body")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnasXmlError(
            "A webáruház válasza hibás vagy csonka XML; a program később újra próbálja.", str(exc)
        ) from exc
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs type it as DocInfo | Any
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnasXmlError(
            "A webáruház válasza nem várt DOCTYPE-ot tartalmazott; elutasítva.", docinfo.doctype
        )
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise UnasXmlError("A webáruház válasza entitáshivatkozást tartalmazott; elutasítva.", "entity")
    if too_long_text(root, MAX_TEXT_CHARS):
        raise UnasXmlError(
            "A webáruház válasza túl hosszú szöveget tartalmazott; elutasítva.", "huge text node"
        )
    return root


def too_long_text(root: Element, limit: int) -> bool:
    return any(len(node.text or "") > limit or len(node.tail or "") > limit for node in root.iter())


# --- reading ----------------------------------------------------------------------------------
def text(el: Element | None, path: str) -> str | None:
    """Stripped text at ``path`` (slash-separated), or None when missing or empty."""
    if el is None:
        return None
    found = el.find(path)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def decimal(el: Element | None, path: str) -> Decimal | None:
    raw = text(el, path)
    if raw is None:
        return None
    try:
        return Decimal(raw.replace(" ", ""))
    except InvalidOperation as exc:
        raise UnasXmlError(f"Hibás szám a webáruház válaszában: {raw}", path) from exc


def integer(el: Element | None, path: str) -> int | None:
    value = decimal(el, path)
    return None if value is None else int(value)


def percent(raw: str | None) -> Decimal | None:
    """ "27%" → 27; VAT codes without a number ("AAM") → None."""
    if raw is None:
        return None
    match = re.fullmatch(r"\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*", raw)
    return Decimal(match.group(1).replace(",", ".")) if match else None


_DATETIME = re.compile(r"(\d{4})\.(\d{1,3})\.(\d{1,2})\.?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DATE = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\.?")


def shop_datetime(raw: str | None) -> datetime | None:
    """ "2012.01.01 10:00:00" (Budapest local time, no zone in the API) → aware UTC datetime."""
    if raw is None:
        return None
    m = _DATETIME.fullmatch(raw.strip())
    if not m:
        raise UnasXmlError(f"Ismeretlen dátumformátum a webáruház válaszában: {raw}", raw)
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    # fold=0 takes the first of the repeated autumn hour; callers add overlap for that hour.
    return datetime(y, mo, d, h, mi, s, tzinfo=BUDAPEST).astimezone(UTC)


def unix_time(raw: str | None) -> datetime | None:
    return None if raw is None else datetime.fromtimestamp(int(raw), UTC)


_BAN = re.compile(
    r"banned till (\d{2})\.(\d{2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})"
)  # a trailing "!" is fine (quirk 54)


_BANNED = re.compile(r"\bbanned\b", re.IGNORECASE)


def is_ban_text(message: str) -> bool:
    """Any text that speaks of a ban, with or without a date we can read."""
    return bool(_BANNED.search(message))


def ban_until(message: str) -> datetime | None:
    """The end of a ban from "… IP is banned till MM.DD.YYYY HH:MM:SS" (month first!); None when the
    text has no such date or the date does not exist (13.45.2026: the caller decides what then)."""
    m = _BAN.search(message)
    if not m:
        return None
    month, day, year, hour, minute, second = (int(g) for g in m.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=BUDAPEST).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


# --- writing ----------------------------------------------------------------------------------
def format_decimal(value: Decimal) -> str:
    text_value = format(value.normalize(), "f")
    return "0" if text_value in ("-0", "") else text_value


def format_shop_datetime(value: datetime) -> str:
    return value.astimezone(BUDAPEST).strftime("%Y.%m.%d %H:%M:%S")


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime):
        return format_shop_datetime(value)
    if isinstance(value, date):
        return value.strftime("%Y.%m.%d")
    result = str(value)
    return result if result.strip() else None


# Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def add(parent: Element, tag: str, value: Any, *, cdata: bool = False) -> Element | None:
    """Append <tag>value</tag> unless the value is empty: an empty element could erase data."""
    as_text = _as_text(value)
    if as_text is None:
        return None
    as_text = _ILLEGAL_XML.sub("", as_text)
    child = etree.SubElement(parent, tag)
    # A CDATA section cannot contain "]]>"; such text is escaped the ordinary way instead.
    child.text = etree.CDATA(as_text) if cdata and "]]>" not in as_text else as_text
    return child


def group(parent: Element, tag: str) -> Element:
    return etree.SubElement(parent, tag)


def prune_empty(el: Element) -> Element:
    """Remove container elements that ended up with no content."""
    for child in list(el):
        prune_empty(child)
        if len(child) == 0 and (child.text is None or not child.text.strip()):
            el.remove(child)
    return el


def new_root(tag: str) -> Element:
    return etree.Element(tag)


def serialize(root: Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
