"""Termékkezelés › Termékek: the product list with stock columns and the "Termék szinkron" button."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QToolBar

from app.gui import changes
from app.gui.screens.list_screen import ListScreen
from app.gui.screens.webshop.sync_buttons import SyncButton
from app.services.products import delete_product


class ProductListScreen(ListScreen):
    title = "Termékek"
    list_name = "products"
    filters = ("category", "webshop", "free:negative")
    concerned_by = frozenset({changes.PRODUCTS, changes.STOCK, changes.DOCUMENTS, changes.MASTERDATA})

    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        self.sync_button: QPushButton = SyncButton("Termék szinkron", self.ctx, self)
        self.sync_button.setObjectName("product_sync")
        toolbar.addWidget(self.sync_button)

    def create_new(self) -> None:
        from app.gui.screens.products.product_dialog import ProductDialog

        ProductDialog(self.ctx, None, self).open()

    def open_item(self, row_id: int) -> None:
        from app.gui.screens.products.product_dialog import ProductDialog

        ProductDialog(self.ctx, row_id, self).open()

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        for row_id in row_ids:
            delete_product(session, row_id)
