"""The push's stock comparison in SQL (app.sync.stock_diff) says what the Python reference
(free_stock_for_shop) says, for only the products whose figure the shop does not have."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal as D

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import Product
from app.db.database import Database
from app.db.shop_links import ShopOrderLink, ShopProductLink
from app.db.shops import Shop, ShopStockWarehouse
from app.db.stock import Warehouse
from app.services import documents as docs
from app.services import products as product_service
from app.sync.order_links import consumed_by_skipped
from app.sync.product_data import free_stock_for_shop
from app.sync.stock_diff import stock_to_send


def _product(s: Session, code: str, *, webshop: bool = True) -> int:
    data = product_service.ProductInput(
        code=code, name=f"Termék {code}", gross_price=D(1270), categories=["Konyha"], webshop=webshop
    )
    return product_service.create_product(s, data).id


def _receive(s: Session, product_id: int, qty: str, warehouse_id: int | None = None) -> None:
    docs.create_purchase_receipt(
        s,
        docs.DocumentInput(
            lines=[docs.LineInput(quantity=D(qty), product_id=product_id, unit_price=D(100))],
            warehouse_id=warehouse_id,
        ),
    )


def test_the_sql_comparison_returns_exactly_the_figures_the_shop_lacks(db: Database) -> None:
    with db.transaction() as s:
        shop = Shop(name="Bolt", base_url="http://127.0.0.1:1/")
        second = Warehouse(name="Második raktár")
        s.add_all([shop, second])
        s.flush()
        main_id = s.scalar(select(Warehouse.id).where(Warehouse.id != second.id).order_by(Warehouse.id))
        s.add(ShopStockWarehouse(shop_id=shop.id, warehouse_id=main_id))  # the second does not count
        ids = {
            code: _product(s, code)
            for code in ("SAME", "OTHER", "NEVER", "NEW", "UNCOUNTED", "SHORT", "GONE")
        }
        ids["OFFSHOP"] = _product(s, "OFFSHOP", webshop=False)
        for code in ids:
            _receive(s, ids[code], "10")
        _receive(s, ids["SAME"], "50", second.id)  # not the shop's warehouse
        s.get(Product, ids["UNCOUNTED"]).stock_recorded = False  # type: ignore[union-attr]
        docs.create_customer_order(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(3), ids["SAME"]), docs.LineInput(D(12), ids["SHORT"])]
            ),
        )
        pushed = {
            "SAME": "7",
            "OTHER": "9",
            "NEVER": None,
            "NEW": "10",
            "UNCOUNTED": "1",
            "SHORT": "0",
            "GONE": "10",
        }
        for code, qty in pushed.items():
            s.add(
                ShopProductLink(
                    shop_id=shop.id,
                    product_id=ids[code],
                    sku=code,
                    shop_product_id=None if code == "NEW" else f"u-{code}",
                    stock_pushed=None if qty is None else D(qty),
                )
            )
        # An open order the shop took stock for but we do not import: 10 − 10 = 0 ≠ 10 pushed.
        s.add(
            ShopOrderLink(
                shop_id=shop.id,
                order_key="K-1",
                display_key="K-1",
                order_date=datetime(2026, 12, 1, tzinfo=UTC),
                status="skipped",
                consumed=json.dumps({"GONE": "10"}),
            )
        )
        shop_id = shop.id
    with db.reading() as s:
        found = stock_to_send(s, shop_id)
        reference = free_stock_for_shop(s, shop_id)
        taken = consumed_by_skipped(s, shop_id)
    expected = {
        ids[code]: reference.get(ids[code], D(0))
        for code, qty in pushed.items()
        if code != "UNCOUNTED"
        and (
            code == "NEW" or qty is None or D(qty) != reference.get(ids[code], D(0)) or code.lower() in taken
        )
    }
    assert found == expected
    # Spelled out: SAME (10 − 3 = 7, as pushed) and SHORT (10 − 12 → 0, as pushed) are not sent.
    assert found == {ids["OTHER"]: D(10), ids["NEVER"]: D(10), ids["NEW"]: D(10), ids["GONE"]: D(0)}
