"""Termékkezelés › Készletkimutatás: stock by product and warehouse – on hand, reserved, free and its
value at purchase price – filtered, printed and exported to .xlsx like every list."""

from __future__ import annotations

from app.gui import changes
from app.gui.screens.list_screen import ListScreen


class StockReportScreen(ListScreen):
    title = "Készletkimutatás"
    list_name = "stock_report"
    concerned_by = frozenset({changes.STOCK, changes.DOCUMENTS, changes.PRODUCTS, changes.MASTERDATA})
    can_create = False
    can_delete = False
    filters = ("warehouse", "category", "free:negative")

    def open_item(self, row_id: int) -> None:
        from app.gui.screens.products.product_dialog import ProductDialog

        ProductDialog(self.ctx, row_id, self).open()
