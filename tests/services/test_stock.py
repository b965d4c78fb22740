"""Stock: receipts add, invoices take out, open orders reserve; through the API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D

import pytest

from app.db.database import Database
from app.services import documents as docs
from app.services.stock import stock_by_product, stock_level
from tests.services.helpers import make_product, receipt


def test_receipt_order_and_invoice_give_on_hand_reserved_free(db: Database) -> None:
    with db.transaction() as s:
        p = make_product(s, "FURO-1")
        receipt(s, p.id, "10")
        docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(3), p.id)]))
        docs.create_invoice(s, docs.DocumentInput(lines=[docs.LineInput(D(2), p.id)]))
    with db.reading() as s:
        level = stock_level(s, p.id)
    assert (level.on_hand, level.reserved, level.free) == (D(8), D(3), D(5))

    # The same figures through the headless command a script or scheduler uses.
    out = subprocess.run(
        [sys.executable, "-m", "app", "--db", db.url, "stock", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(out.stdout)
    assert rows == [
        {
            "product_code": "FURO-1",
            "product_name": "Termék FURO-1",
            "warehouse": "Központi raktár",
            "on_hand": "8.000",
            "reserved": "3.000",
            "free": "5.000",
        }
    ]


def test_cancelling_an_order_releases_its_reservation(db: Database) -> None:
    with db.transaction() as s:
        p = make_product(s)
        receipt(s, p.id, "4")
        order = docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(3), p.id)]))
    with db.transaction() as s:
        assert stock_level(s, p.id).reserved == D(3)
        docs.cancel_customer_order(s, order.id)
    with db.reading() as s:
        level = stock_level(s, p.id)
    assert (level.on_hand, level.reserved, level.free) == (D(4), D(0), D(4))


def test_stock_is_kept_per_warehouse(db: Database) -> None:
    from app.db.stock import Warehouse

    with db.transaction() as s:
        shop_wh = Warehouse(name="Webshop raktár")
        s.add(shop_wh)
        s.flush()
        p = make_product(s)
        receipt(s, p.id, "10")
        docs.create_customer_order(
            s, docs.DocumentInput(lines=[docs.LineInput(D(1), p.id)], warehouse_id=shop_wh.id)
        )
    with db.reading() as s:
        central = stock_level(s, p.id, warehouse_id=1)
        web = stock_level(s, p.id, warehouse_id=shop_wh.id)
        total = stock_by_product(s)[p.id]
    assert (central.on_hand, central.reserved) == (D(10), D(0))
    assert (web.on_hand, web.reserved, web.free) == (D(0), D(1), D(-1))
    assert (total.on_hand, total.reserved, total.free) == (D(10), D(1), D(9))


def test_services_reserve_no_stock(db: Database) -> None:
    from app.db.catalog import ProductKind

    with db.transaction() as s:
        shipping = make_product(s, "SZALLITAS", kind=ProductKind.SERVICE)
        docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(1), shipping.id)]))
    with db.reading() as s:
        assert stock_level(s, shipping.id).reserved == D(0)


def test_negative_receipt_quantity_is_refused_and_saves_nothing(db: Database) -> None:
    from sqlalchemy import func, select

    from app.db.documents import Document
    from app.errors import ValidationError

    with db.transaction() as s:
        p = make_product(s)
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(D(5), p.id, unit_price=D(1)),
                    docs.LineInput(D(-2), p.id, unit_price=D(1)),
                ]
            ),
        )
    assert "csak pozitív" in err.value.user_message and "2. sorban" in err.value.user_message
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert stock_level(s, p.id).on_hand == D(0)


def test_oversold_products_are_counted_in_sql_as_in_python(db: Database) -> None:
    from app.services.stock import oversold_count, stock_by_product

    with db.transaction() as s:
        enough = make_product(s, "ELEG-1")
        receipt(s, enough.id, "5")
        short = make_product(s, "KEVES-1")
        receipt(s, short.id, "1.5")
        none = make_product(s, "NINCS-1")
        make_product(s, "CSAK-1")  # no stock, no order: not oversold
        gone = make_product(s, "ELFOGYOTT-1")  # invoiced without stock: on hand −2, no order
        docs.create_invoice(s, docs.DocumentInput(lines=[docs.LineInput(D(2), gone.id)]))
        level = make_product(s, "NULLA-1")  # received 1, invoiced 1: on hand 0, not oversold
        receipt(s, level.id, "1")
        docs.create_invoice(s, docs.DocumentInput(lines=[docs.LineInput(D(1), level.id)]))
        docs.create_customer_order(
            s,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(D(5), enough.id),  # free 0: not oversold
                    docs.LineInput(D("2.25"), short.id),  # free −0.75
                    docs.LineInput(D(1), none.id),  # free −1
                ]
            ),
        )
    with db.reading() as s:
        by_python = sum(1 for level in stock_by_product(s).values() if level.free < 0)
        assert oversold_count(s) == by_python == 3
