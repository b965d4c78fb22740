"""Törzsadatok › Szállítók: the supplier list and the supplier form (beside Vevők)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.gui.screens.list_screen import ListScreen
from app.gui.widgets.fields_form import FieldsForm
from app.gui.widgets.form_dialog import FormDialog
from app.services import suppliers
from app.services.masterdata import Field

SUPPLIER_FIELDS = (
    Field("name", "Név"),
    Field("tax_number", "Adószám"),
    Field("country", "Ország (kód)"),
    Field("postal_code", "Irányítószám"),
    Field("city", "Település"),
    Field("street", "Cím"),
    Field("bank_account", "Bankszámlaszám"),
    Field("contact_name", "Kapcsolattartó"),
    Field("email", "E-mail"),
    Field("phone", "Telefon"),
    Field("note", "Megjegyzés"),
)
assert {f.name for f in SUPPLIER_FIELDS} == {f.name for f in fields(suppliers.SupplierInput)}


def supplier_dialog(ctx: AppContext, supplier_id: int | None, parent: QWidget | None) -> FormDialog:
    def load(db: Database) -> dict[str, Any]:
        if supplier_id is None:
            return vars(suppliers.SupplierInput(name=""))
        with db.reading() as s:
            supplier = suppliers.get_supplier(s, supplier_id)
            return {f.name: getattr(supplier, f.name) for f in fields(suppliers.SupplierInput)}

    def save(db: Database, values: dict[str, Any]) -> None:
        data = suppliers.SupplierInput(**values)
        with db.transaction() as s:
            if supplier_id is None:
                suppliers.create_supplier(s, data)
            else:
                suppliers.update_supplier(s, supplier_id, data)

    title = "Új szállító" if supplier_id is None else "Szállító adatlap"
    form = FieldsForm(SUPPLIER_FIELDS, required=("name",))
    return FormDialog(ctx, title, form, load, save, (changes.MASTERDATA,), parent)


class SupplierListScreen(ListScreen):
    title = "Szállítók"
    list_name = "suppliers"
    concerned_by = frozenset({changes.MASTERDATA})

    def create_new(self) -> None:
        supplier_dialog(self.ctx, None, self).open()

    def open_item(self, row_id: int) -> None:
        supplier_dialog(self.ctx, row_id, self).open()

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        for row_id in row_ids:
            suppliers.delete_supplier(session, row_id)
