"""Törzsadatok › Saját cégadatok: the seller printed on every invoice."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.gui.widgets.fields_form import FieldsForm
from app.gui.widgets.form_dialog import FormDialog
from app.services import masterdata


def company_dialog(ctx: AppContext, parent: QWidget | None) -> FormDialog:
    def load(db: Database) -> dict[str, Any]:
        with db.reading() as s:
            return masterdata.read_company(s)

    def save(db: Database, values: dict[str, Any]) -> None:
        with db.transaction() as s:
            masterdata.save_company(s, values)

    return FormDialog(
        ctx,
        "Saját cégadatok",
        FieldsForm(masterdata.COMPANY_FIELDS),
        load,
        save,
        (changes.MASTERDATA,),
        parent,
        note="Ezek az adatok kerülnek a számlákra eladóként.",
    )
