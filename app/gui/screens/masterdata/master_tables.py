"""Törzsadatok: Raktárak, ÁFA-kulcsok, Fizetési módok, Szállítási módok (plain record tables)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.gui.screens.list_screen import ListScreen
from app.gui.widgets.fields_form import FieldsForm
from app.gui.widgets.form_dialog import FormDialog
from app.services import masterdata


def record_dialog(
    ctx: AppContext, table: masterdata.Table, record_id: int | None, parent: QWidget | None
) -> FormDialog:
    def load(db: Database) -> dict[str, Any]:
        with db.reading() as s:
            return masterdata.read_record(s, table, record_id)

    def save(db: Database, values: dict[str, Any]) -> None:
        with db.transaction() as s:
            masterdata.save_record(s, table, record_id, values)

    return FormDialog(ctx, table.title, FieldsForm(table.fields), load, save, (changes.MASTERDATA,), parent)


class MasterTableScreen(ListScreen):
    concerned_by = frozenset({changes.MASTERDATA})

    @property
    def table_def(self) -> masterdata.Table:
        return masterdata.TABLES[self.list_name]

    def create_new(self) -> None:
        record_dialog(self.ctx, self.table_def, None, self).open()

    def open_item(self, row_id: int) -> None:
        record_dialog(self.ctx, self.table_def, row_id, self).open()

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        for row_id in row_ids:
            masterdata.delete_record(session, self.table_def, row_id)


class WarehouseListScreen(MasterTableScreen):
    title = "Raktárak"
    list_name = "warehouses"


class VatRateListScreen(MasterTableScreen):
    title = "ÁFA-kulcsok"
    list_name = "vat_rates"


class PaymentMethodListScreen(MasterTableScreen):
    title = "Fizetési módok"
    list_name = "payment_methods"


class ShippingMethodListScreen(MasterTableScreen):
    title = "Szállítási módok"
    list_name = "shipping_methods"
