"""Filter bars: a date range, a choice, yes/no and "csak negatív" – combined with the search, and
the count says when a filter hides rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from PySide6.QtCore import QDate

from app.gui.context import AppContext
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_lists import OrderListScreen
from app.services import documents as docs
from tests.services.helpers import make_product, receipt


def test_products_by_category_webshop_and_negative_free_stock(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        drill = make_product(s, "FURO-1", categories=["Szerszámok|Fúrógépek"], webshop=True)
        receipt(s, drill.id, "1")
        make_product(s, "KALAPACS-1", categories=["Szerszámok|Kéziszerszámok"], webshop=True)
        make_product(s, "BELSO-1", categories=["Szerszámok|Fúrógépek"])
        docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(3), drill.id)]))
    screen = ProductListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    bar = screen.filter_bar
    assert bar is not None
    category = bar.choices["category"]
    assert [category.itemText(i) for i in range(category.count())] == [
        "Minden: kategória",
        "Szerszámok|Fúrógépek",
        "Szerszámok|Kéziszerszámok",
    ]
    category.setCurrentIndex(1)
    assert screen.model.rowCount() == 2
    assert screen.count_label.text() == "2 / 3 tétel látszik (szűrés miatt)"
    bar.choices["webshop"].setCurrentIndex(1)  # igen
    assert [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())] == ["FURO-1"]
    bar.clear()
    assert screen.model.rowCount() == 3 and screen.count_label.text() == "3 tétel"
    bar.negatives["free"].setChecked(True)  # 1 on hand, 3 ordered: free −2
    assert [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())] == ["FURO-1"]
    screen.search.setText("kalapacs")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)
    assert screen.count_label.text() == "0 / 3 tétel látszik (keresés és szűrés miatt)"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_orders_by_date_range_and_status(ctx: AppContext, qtbot) -> None:
    today = date.today()
    with ctx.db.transaction() as s:
        p = make_product(s, "P1")
        for days_ago in (0, 10, 40):
            docs.create_customer_order(
                s,
                docs.DocumentInput(
                    lines=[docs.LineInput(D(1), p.id)], issue_date=today - timedelta(days_ago)
                ),
            )
        old = docs.create_customer_order(
            s, docs.DocumentInput(lines=[docs.LineInput(D(1), p.id)], issue_date=today - timedelta(days=5))
        )
        docs.cancel_customer_order(s, old.id)
    screen = OrderListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4)
    bar = screen.filter_bar
    assert bar is not None
    start, end = bar.ranges["issue_date"]
    assert start.text() == "bármikor"
    start.setDate(_qdate(today - timedelta(days=30)))
    assert screen.model.rowCount() == 3
    end.setDate(_qdate(today - timedelta(days=1)))
    assert screen.model.rowCount() == 2  # 10 and 5 days ago
    status = bar.choices["status"]
    status.setCurrentIndex(status.findData("Lemondva"))
    assert screen.model.rowCount() == 1
