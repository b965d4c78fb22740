"""Webáruház › Webáruházak and Szinkronizációs napló (filled by the sync issues)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.gui import changes
from app.gui.context import AppContext
from app.gui.screens.list_screen import ListScreen


class ShopListScreen(ListScreen):
    title = "Webáruházak"
    list_name = "shops"
    concerned_by = frozenset({changes.SHOPS})
    can_create = False
    can_delete = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        info = QLabel(
            "Itt kapcsolhatja össze a programot UNAS webáruházaival. Egy webáruház felvétele után "
            "elérhetővé válik a „Webáruház szinkron” és a „Termék szinkron” gomb, és a termék "
            "adatlapján megjelenik a „Webáruházas” jelölő."
        )
        info.setWordWrap(True)
        self.layout().insertWidget(1, info)

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        raise NotImplementedError


class SyncLogScreen(QWidget):
    title = "Szinkronizációs napló"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        label = QLabel(
            "Még nem futott szinkronizáció: ide kerül minden webáruház-szinkron futása és eseménye."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addStretch(1)
