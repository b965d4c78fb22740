"""Parsing fixtures written from the contract (unas-api.md), with its documented oddities."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.unas import xml_codec
from app.unas.errors import UnasXmlError
from app.unas.orders import order_from_xml

FIXTURES = Path(__file__).parent / "fixtures"


def _orders():
    root = xml_codec.parse((FIXTURES / "getOrder_response.xml").read_bytes())
    return [order_from_xml(el) for el in root.iterfind("Order")]


def test_order_with_every_documented_oddity() -> None:
    order, _marketplace = _orders()
    assert order.key == "1000-1000000"  # hyphenated: a string, never an integer
    assert order.customer.comment == "Megjegyzés"  # Customer.Comment, outside the structure
    assert order.customer.invoice_address.name == "Őrült Ügyfél Kft."
    assert order.customer.invoice_address.tax_number == "12345678-9-00"
    assert order.customer.invoice_address.customer_type == "company"
    assert order.customer.shipping_address.city == "Szeged"
    assert order.payment_status == "partly paid"
    assert order.comments == (("customer", "Délután hozzák"), ("admin", "Törzsvásárló"))
    first = order.lines[0]
    assert (first.quantity, first.price_net, first.price_gross, first.vat) == (
        D("3.0000"),
        D(1000),
        D(1270),
        "27%",
    )
    assert first.quantity == 3 and first.variants == (("Szín", "Piros"),)
    assert [line.id for line in order.lines if line.is_service_line] == [
        "discount-percent",
        "shipping-cost",
        "discount-amount",
        "handel-cost",
    ]
    assert order.lines[1].percent == D(10) and order.lines[1].price_gross == D(-1270)
    assert order.sum_price_gross == D(7620)  # as the shop states it; recomputed elsewhere
    assert order.invoice_status == 1 and order.status == "Beérkezett" and order.status_id == "1"


def test_marketplace_order_keeps_both_keys() -> None:
    _order, marketplace = _orders()
    assert marketplace.key == "EMAG-778899" and marketplace.internal_key == "1000-1000001"
    assert marketplace.unas_key == "1000-1000001" and marketplace.is_marketplace
    assert marketplace.currency == "EUR" and marketplace.exchange_value == D("0.00290922")
    assert marketplace.invoice_number == "SZ-2026-00012" and marketplace.lines == ()


def test_shop_times_are_budapest_local_and_stored_in_utc() -> None:
    order, _ = _orders()
    # 29 March 2026 02:30 does not exist in Budapest (clocks jump 2→3); read as CET.
    assert order.date == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    # 25 October 2026 02:30 happens twice; the first (summer time) is taken.
    assert order.date_mod == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert xml_codec.shop_datetime("2012.01.01 10:00:00") == datetime(2012, 1, 1, 9, 0, tzinfo=UTC)
    assert xml_codec.shop_datetime("2019.01.01 0:00") == datetime(2018, 12, 31, 23, 0, tzinfo=UTC)
    assert xml_codec.shop_datetime("2024.05.01. 12:00:00") == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def test_ban_message_date_is_month_first() -> None:
    message = "Too much getOrder query, IP is banned till 03.04.2026 10:00:00"
    # 4 March 2026, 10:00 Budapest (CET, UTC+1).
    assert xml_codec.ban_until(message) == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert xml_codec.ban_until("Too much getOrder query, IP is banned till 02.28.2022 10:00:00") == datetime(
        2022, 2, 28, 9, 0, tzinfo=UTC
    )
    assert xml_codec.ban_until("Login Error: invalid ApiKey") is None


def test_vat_strings() -> None:
    assert xml_codec.percent("27%") == D(27)
    assert xml_codec.percent("5%") == D(5)
    assert xml_codec.percent("AAM") is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<Orders><Order><Key>1</Key>",  # truncated
        b"\xff\xfe<not xml",
    ],
)
def test_malformed_answers_raise_a_typed_error(body: bytes) -> None:
    with pytest.raises(UnasXmlError) as err:
        xml_codec.parse(body)
    assert err.value.user_message
