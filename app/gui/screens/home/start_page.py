"""Kezdőlap: what needs the owner today, each a click away, the shops' sync, the last 30 days."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db.database import Database
from app.formatting import format_count as count
from app.gui import changes
from app.gui.context import AppContext
from app.gui.navigation import open_tab
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_lists import InvoiceListScreen, OrderListScreen
from app.gui.screens.webshop.sync_log_view import SyncLogScreen
from app.gui.widgets.daily_chart import DailyChart
from app.services.start_page import StartSummary, start_summary
from app.sync.status import ShopStatus, shop_statuses
from app.timeutil import budapest_today

Loaded = tuple[StartSummary, list[ShopStatus]]
ATTENTION = "color: #b00020; font-weight: bold; text-align: left;"
CALM = "text-align: left;"


class StartPage(QWidget):
    title = "Kezdőlap"
    concerned_by = frozenset({changes.DOCUMENTS, changes.SYNC, changes.NAV, changes.STOCK, changes.SHOPS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary: StartSummary | None = None
        todo = QGroupBox("Teendők")
        grid = QGridLayout(todo)
        self.items: dict[str, QPushButton] = {}
        for row, (key, opens) in enumerate(
            (
                ("orders_to_invoice", OrderListScreen),
                ("nav", InvoiceListScreen),
                ("overdue_invoices", InvoiceListScreen),
                ("held_orders", SyncLogScreen),
                ("failed_pushes", SyncLogScreen),
                ("negative_stock", ProductListScreen),
            )
        ):
            button = QPushButton("")
            button.setObjectName(key)
            button.setFlat(True)
            button.clicked.connect(self._opener(opens))
            grid.addWidget(button, row, 0)
            self.items[key] = button
        shops_box = QGroupBox("Webáruházak szinkronja")
        self.shops = QLabel("")
        self.shops.setObjectName("shops")
        self.shops.setWordWrap(True)
        QVBoxLayout(shops_box).addWidget(self.shops)
        self.chart = DailyChart(self)
        layout = QVBoxLayout(self)
        layout.addWidget(todo)
        layout.addWidget(shops_box)
        layout.addWidget(self.chart, 1)
        ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        self.ctx.tasks.run(self._load, self._show, parent=self)

    def _load(self, db: Database) -> Loaded:
        with db.reading() as session:
            summary = start_summary(session, budapest_today())
        return summary, shop_statuses(db, {})

    def _show(self, loaded: Loaded) -> None:
        summary, statuses = loaded
        self.summary = summary
        nav = f"{count(summary.nav_waiting)} számla a NAV-ra vár"
        if summary.nav_rejected:
            nav += f", {count(summary.nav_rejected)} elutasítva – javítandó"
        texts = {
            "orders_to_invoice": (f"{count(summary.orders_to_invoice)} számlázandó rendelés", False),
            "nav": (nav, bool(summary.nav_rejected)),
            "overdue_invoices": (
                f"{count(summary.overdue_invoices)} lejárt, ki nem egyenlített számla",
                bool(summary.overdue_invoices),
            ),
            "held_orders": (
                f"{count(summary.held_orders)} várakozó (nem importált) rendelés",
                bool(summary.held_orders),
            ),
            "failed_pushes": (
                f"{count(summary.failed_pushes)} termék küldése sikertelen",
                bool(summary.failed_pushes),
            ),
            "negative_stock": (
                f"{count(summary.negative_stock)} termék szabad készlete negatív (túlértékesítés)",
                bool(summary.negative_stock),
            ),
        }
        for key, (text, bad) in texts.items():
            self.items[key].setText("› " + text)
            self.items[key].setStyleSheet(ATTENTION if bad else CALM)
        self.shops.setText("\n".join(s.text() for s in statuses) or "Nincs csatlakoztatott webáruház.")
        self.chart.set_days(summary.days)

    def _opener(self, screen: type[QWidget]) -> Callable[[], None]:
        return lambda: open_tab(self, screen)

    def _on_changed(self, what: set[str]) -> None:
        if what & self.concerned_by:
            self.reload()
