"""Hostile XML is refused without hanging; building and parsing records round-trips (hypothesis)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.unas import xml_codec
from app.unas.errors import UnasXmlError
from app.unas.orders import order_query_xml
from app.unas.products import product_from_xml, product_write_xml
from app.unas.records import OrderQuery, ProductWrite, StockWrite
from app.unas.stock import stock_write_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<Orders><Order><Key>&lol9;</Key></Order></Orders>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Orders><Order><Key>&xxe;</Key></Order></Orders>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Orders SYSTEM "http://127.0.0.1:9/evil.dtd"><Orders/>"""


@pytest.mark.parametrize(
    "body", [BILLION_LAUGHS, XXE, EXTERNAL_DTD], ids=["billion-laughs", "xxe", "external-dtd"]
)
def test_hostile_documents_are_refused_quickly(body: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(UnasXmlError):
        xml_codec.parse(body)
    assert time.monotonic() - started < 5  # refused, not expanded


@pytest.mark.parametrize("libxml2_caps", [True, False], ids=["libxml2 caps", "libxml2 does not"])
def test_huge_text_is_refused(libxml2_caps: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap is ours: an older libxml2 (the Windows lxml wheel) accepts the 11 MB node itself."""
    from lxml import etree

    if not libxml2_caps:
        monkeypatch.setattr(xml_codec, "_PARSER", etree.XMLParser(resolve_entities=False, huge_tree=True))
    body = b"<Orders><Order><Key>" + b"x" * (11 * 1024 * 1024) + b"</Key></Order></Orders>"
    with pytest.raises(UnasXmlError):
        xml_codec.parse(body)


def test_cdata_product_description_with_doctype_text_is_fine() -> None:
    body = (
        "<Products><Product><Sku>A</Sku><Description><Long><![CDATA[<!DOCTYPE html><p>Leírás</p>]]>"
        "</Long></Description></Product></Products>"
    ).encode()
    product = product_from_xml(xml_codec.parse(body)[0])
    assert product.description_long == "<!DOCTYPE html><p>Leírás</p>"


skus = st.from_regex(r"[A-Za-z0-9_-]{1,30}", fullmatch=True)
texts = st.text(min_size=1, max_size=80).filter(lambda s: s.strip() != "")
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999"), places=2)


@settings(max_examples=150, deadline=None)
@given(
    sku=skus,
    name=texts,
    unit=st.sampled_from(["db", "kg", "m", "csomag"]),
    net=money,
    gross=money,
    category=st.lists(texts.map(lambda s: s.replace("|", "/")), min_size=1, max_size=3),
    description=texts,
)
def test_product_write_round_trips_through_the_parser(
    sku: str, name: str, unit: str, net: Decimal, gross: Decimal, category: list[str], description: str
) -> None:
    path = "|".join(category)
    write = ProductWrite(
        sku,
        "add",
        name=name,
        unit=unit,
        price_net=net,
        price_gross=gross,
        base_category=path,
        description_long=description,
    )
    root = xml_codec.new_root("Products")
    root.append(product_write_xml(write))
    parsed = product_from_xml(xml_codec.parse(xml_codec.serialize(root))[0])

    def clean(s: str) -> str:
        # XML parsers normalise line ends (CRLF and lone CR become LF), CDATA included.
        return xml_codec._ILLEGAL_XML.sub("", s).replace("\r\n", "\n").replace("\r", "\n").strip()

    assert parsed.sku == sku and parsed.unit == unit
    assert (parsed.price_net, parsed.price_gross) == (net, gross)
    assert parsed.name == (clean(name) or None)
    assert parsed.description_long == (clean(description) or None)
    assert parsed.categories[0].name == (clean(path) or None)


@settings(max_examples=100, deadline=None)
@given(qty=st.decimals(min_value=Decimal(0), max_value=Decimal(10**9), places=3), sku=skus)
def test_stock_quantity_is_written_exactly_including_zero(qty: Decimal, sku: str) -> None:
    el = stock_write_xml(StockWrite(sku, qty))
    assert Decimal(xml_codec.text(el, "Stocks/Stock/Qty") or "nan") == qty


@settings(max_examples=50, deadline=None)
@given(
    email=st.none() | st.emails(),
    invoice_status=st.none() | st.sampled_from([0, 1, 2]),
    key=st.none() | st.from_regex(r"\d{4}-\d{7}", fullmatch=True),
)
def test_order_query_never_sends_empty_elements_nor_invoice_autoset(email, invoice_status, key) -> None:
    root = order_query_xml(OrderQuery(email=email, invoice_status=invoice_status, key=key), 500, None)
    assert root.find("InvoiceAutoSet") is None
    for child in root:
        assert child.text and child.text.strip(), child.tag
    assert (xml_codec.text(root, "Key"), xml_codec.integer(root, "InvoiceStatus")) == (key, invoice_status)


def test_product_modify_sends_only_what_we_own() -> None:
    el = product_write_xml(
        ProductWrite("ABC-1", "modify", price_net=Decimal(1000), price_gross=Decimal(1270))
    )
    tags = sorted({e.tag for e in el.iter()})
    assert tags == ["Action", "Gross", "Net", "Price", "Prices", "Product", "Sku", "Type"]
    assert all(e.text and e.text.strip() for e in el.iter() if len(e) == 0)
