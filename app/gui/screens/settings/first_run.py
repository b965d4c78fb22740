"""First run: the company's own data, then "connect a shop" or "try the test mode"."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QRadioButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.gui.widgets.fields_form import FieldsForm
from app.services import masterdata


def needs_first_run(db: Database) -> bool:
    from app.services.shops import has_any_shop

    with db.reading() as session:
        company = masterdata.read_company(session)
        has_shop = has_any_shop(session)
    return not company.get("name") and not has_shop


class FirstRunWizard(QWizard):
    def __init__(self, ctx: AppContext, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window_ = window
        self.setWindowTitle("Bolthíd – első indítás")
        self.setButtonText(QWizard.WizardButton.NextButton, "Tovább >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Vissza")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Kész")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Később")

        company = QWizardPage()
        company.setTitle("Saját cégadatok")
        company.setSubTitle(
            "Ezek kerülnek a számlákra eladóként (később a Törzsadatok menüben módosíthatók)."
        )
        self.company_form = FieldsForm(masterdata.COMPANY_FIELDS)
        QVBoxLayout(company).addWidget(self.company_form)
        self.addPage(company)

        start = QWizardPage()
        start.setTitle("Webáruház")
        self.connect_shop = QRadioButton("UNAS webáruház csatlakoztatása (API kulccsal)")
        self.test_mode = QRadioButton("Tesztelési üzemmód kipróbálása a beépített tesztbolttal")
        self.later = QRadioButton("Később")
        self.test_mode.setChecked(True)
        layout = QVBoxLayout(start)
        note = QLabel(
            "Tesztelési üzemmódban a program egy beépített, UNAS-kompatibilis tesztbolttal dolgozik: "
            "demó rendelések érkeznek, a számlák a TESZT sorszámtartományba kerülnek. "
            "Élesítéskor ezek törlődnek."
        )
        note.setWordWrap(True)
        for w in (self.connect_shop, self.test_mode, self.later, note):
            layout.addWidget(w)
        self.addPage(start)

    def accept(self) -> None:
        values = self.company_form.values()

        def work(db: Database) -> None:
            with db.transaction() as session:
                masterdata.save_company(session, values)

        def saved(_result: object) -> None:
            self.ctx.changes.emit(changes.MASTERDATA)
            if self.test_mode.isChecked():
                self.window_.start_test_mode()
            elif self.connect_shop.isChecked():
                from app.gui.screens.webshop.shop_dialog import ShopDialog

                ShopDialog(self.ctx, None, self.window_).open()
            super(FirstRunWizard, self).accept()

        def failed(exc: BaseException) -> None:
            from app.gui.error_dialog import show_error

            show_error(self, exc)

        self.ctx.tasks.run(work, saved, failed, parent=self)
