"""Webáruház › Webáruházak: the connected shops (Insert adds one, Enter opens its settings)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.gui import changes
from app.gui.context import AppContext
from app.gui.screens.list_screen import ListScreen


class ShopListScreen(ListScreen):
    title = "Webáruházak"
    list_name = "shops"
    concerned_by = frozenset({changes.SHOPS})
    can_delete = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        info = QLabel(
            "Itt kapcsolhatja össze a programot UNAS webáruházaival (Új: Insert). Egy webáruház felvétele "
            "után elérhetővé válik a „Webáruház szinkron” és a „Termék szinkron” gomb, és a termék "
            "adatlapján megjelenik a „Webáruházas” jelölő."
        )
        info.setWordWrap(True)
        self.main_layout.insertWidget(1, info)

    def create_new(self) -> None:
        from app.gui.screens.webshop.shop_dialog import ShopDialog

        ShopDialog(self.ctx, None, self).open()

    def open_item(self, row_id: int) -> None:
        from app.gui.screens.webshop.shop_dialog import ShopDialog

        ShopDialog(self.ctx, row_id, self).open()

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        raise NotImplementedError
