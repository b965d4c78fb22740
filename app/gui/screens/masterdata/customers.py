"""Törzsadatok › Vevők: the customer list and the customer form."""

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
from app.services import customers
from app.services.masterdata import Field

CUSTOMER_FIELDS = (
    Field("name", "Név"),
    Field("is_private", "Magánszemély", "bool"),
    Field("email", "E-mail"),
    Field("phone", "Telefon"),
    Field("tax_number", "Adószám"),
    Field("eu_tax_number", "Közösségi adószám"),
    Field("billing_country", "Számlázási ország (kód)"),
    Field("billing_postal_code", "Számlázási irányítószám"),
    Field("billing_city", "Számlázási település"),
    Field("billing_street", "Számlázási cím"),
    Field("shipping_name", "Szállítási név"),
    Field("shipping_country", "Szállítási ország (kód)"),
    Field("shipping_postal_code", "Szállítási irányítószám"),
    Field("shipping_city", "Szállítási település"),
    Field("shipping_street", "Szállítási cím"),
    Field("note", "Megjegyzés"),
    Field("electronic_invoice", "Elektronikus számlát elfogad", "tristate"),
)
assert {f.name for f in CUSTOMER_FIELDS} == {f.name for f in fields(customers.CustomerInput)}


def customer_dialog(ctx: AppContext, customer_id: int | None, parent: QWidget | None) -> FormDialog:
    def load(db: Database) -> dict[str, Any]:
        if customer_id is None:
            return vars(customers.CustomerInput(name=""))
        with db.reading() as s:
            return vars(customers.customer_input_of(customers.get_customer(s, customer_id)))

    def save(db: Database, values: dict[str, Any]) -> None:
        data = customers.CustomerInput(**values)
        with db.transaction() as s:
            if customer_id is None:
                customers.create_customer(s, data)
            else:
                customers.update_customer(s, customer_id, data)

    title = "Új vevő" if customer_id is None else "Vevő adatlap"
    form = FieldsForm(CUSTOMER_FIELDS, required=("name",))
    return FormDialog(ctx, title, form, load, save, (changes.CUSTOMERS,), parent)


class CustomerListScreen(ListScreen):
    title = "Vevők"
    list_name = "customers"
    concerned_by = frozenset({changes.CUSTOMERS})

    def create_new(self) -> None:
        customer_dialog(self.ctx, None, self).open()

    def open_item(self, row_id: int) -> None:
        customer_dialog(self.ctx, row_id, self).open()

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        for row_id in row_ids:
            customers.delete_customer(session, row_id)
