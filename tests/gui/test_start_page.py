"""Kezdőlap: the counts come from the database, each opens its list, the chart shows 30 days."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt

from app.db.shop_links import ShopOrderLink, ShopProductLink
from app.db.shops import Shop
from app.gui.context import AppContext
from app.gui.screens.home.start_page import StartPage
from app.gui.screens.main_window import MainWindow
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_lists import OrderListScreen
from app.services import documents as docs
from app.timeutil import budapest_today, utcnow
from tests.services.helpers import make_product, receipt


def _fill(ctx: AppContext) -> None:
    with ctx.db.transaction() as s:
        stocked = make_product(s, "RAKTAR-1")
        receipt(s, stocked.id, "10")
        oversold = make_product(s, "ELFOGY-1")  # nothing on hand: an order of 2 leaves free −2
        docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(3), stocked.id)]))
        docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(2), oversold.id)]))
        cancelled = docs.create_customer_order(
            s, docs.DocumentInput(lines=[docs.LineInput(D(1), stocked.id)])
        )
        docs.cancel_customer_order(s, cancelled.id)
        shop = Shop(name="Kezdő bolt")
        s.add(shop)
        s.flush()
        s.add(
            ShopOrderLink(
                shop_id=shop.id,
                order_key="H-1",
                display_key="H-1",
                order_date=utcnow(),
                status="held",
                message="ismeretlen ÁFA-kulcs",
            )
        )
        s.add(
            ShopProductLink(shop_id=shop.id, product_id=stocked.id, sku="RAKTAR-1", error="nincs kategória")
        )


def test_the_start_page_counts_what_needs_the_owner_and_opens_it(ctx: AppContext, qtbot) -> None:
    _fill(ctx)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    page = window.screen_of(StartPage)
    assert page is not None and window.tabs.tabText(0) == "Kezdőlap"
    qtbot.waitUntil(lambda: page.summary is not None)
    texts = {key: button.text() for key, button in page.items.items()}
    assert texts["orders_to_invoice"] == "› 2 számlázandó rendelés"  # the cancelled one is not
    assert texts["nav"] == "› 0 számla a NAV-ra vár"
    assert texts["held_orders"] == "› 1 várakozó (nem importált) rendelés"
    assert texts["failed_pushes"] == "› 1 termék küldése sikertelen"
    assert texts["negative_stock"].startswith("› 1 termék szabad készlete negatív")
    assert "b00020" in page.items["negative_stock"].styleSheet()
    assert "Kezdő bolt" in page.shops.text()
    # The chart: 30 days up to today, today with the two orders that stand.
    days = page.chart.days
    assert len(days) == 30 and days[-1].day == budapest_today()
    assert days[-1].orders == 2 and days[-1].gross == D(3 * 12700 + 2 * 12700)
    assert sum(d.orders for d in days) == 2
    qtbot.waitUntil(ctx.tasks.is_idle)

    qtbot.mouseClick(page.items["negative_stock"], Qt.MouseButton.LeftButton)
    assert isinstance(window.tabs.currentWidget(), ProductListScreen)
    window.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.items["orders_to_invoice"], Qt.MouseButton.LeftButton)
    assert isinstance(window.tabs.currentWidget(), OrderListScreen)
    qtbot.waitUntil(ctx.tasks.is_idle)
    # The chart paints without errors (offscreen) at the window's size.
    page.chart.grab()
