"""The sandbox's own XML reading and writing (deliberately separate from app.unas.xml_codec)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

SHOP_TZ = ZoneInfo("Europe/Budapest")

_SAFE = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


class BadRequest(Exception):
    """A request the shop refuses with <Error>."""


def read(body: bytes) -> etree._Element:
    try:
        root = etree.fromstring(body, _SAFE)
    except etree.XMLSyntaxError as exc:
        raise BadRequest(f"Invalid XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:  # type: ignore[union-attr]  # lxml-stubs: DocInfo | Any
        raise BadRequest("DOCTYPE is not allowed")
    return root


def val(el: etree._Element | None, path: str) -> str | None:
    if el is None:
        return None
    node = el.find(path)
    if node is None or node.text is None or not node.text.strip():
        return None
    return node.text.strip()


def node(parent: etree._Element, tag: str, value: Any = None, *, cdata: bool = False) -> etree._Element:
    child = etree.SubElement(parent, tag)
    if value is not None:
        text = str(value)
        child.text = etree.CDATA(text) if cdata else text
    return child


def root(tag: str) -> etree._Element:
    return etree.Element(tag)


def dump(el: etree._Element) -> bytes:
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8")


def error(message: str) -> bytes:
    el = etree.Element("Error")
    el.text = message
    return dump(el)


def local_time(ts: float) -> str:
    """Order times as UNAS writes them: shop-local, "YYYY.MM.DD HH:MM:SS", no zone."""
    return datetime.fromtimestamp(ts, UTC).astimezone(SHOP_TZ).strftime("%Y.%m.%d %H:%M:%S")


def ban_text(endpoint: str, until_ts: float) -> str:
    # The only documented error text; its date is month first.
    when = datetime.fromtimestamp(until_ts, UTC).astimezone(SHOP_TZ).strftime("%m.%d.%Y %H:%M:%S")
    return f"Too much {endpoint} query, IP is banned till {when}"


def parse_day(raw: str) -> float:
    try:
        y, m, d = (int(p) for p in raw.strip().rstrip(".").split("."))
        return datetime(y, m, d, tzinfo=SHOP_TZ).timestamp()
    except ValueError as exc:
        raise BadRequest(f"Invalid date: {raw}") from exc
