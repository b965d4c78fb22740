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


class CompanyPage(QWizardPage):
    """Saját cégadatok: may be left empty for later; once begun, what an invoice needs is asked for
    (marked *) and the tax number's check digit is verified before Tovább."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Saját cégadatok")
        self.setSubTitle(
            "Ezek kerülnek a számlákra eladóként (később a Törzsadatok menüben módosíthatók). "
            "A *-gal jelölt adatok nélkül nem állítható ki számla."
        )
        self.form = FieldsForm(masterdata.COMPANY_FIELDS, required=masterdata.REQUIRED_COMPANY_FIELDS)
        self.problem = QLabel("")
        self.problem.setObjectName("company_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)

    def validatePage(self) -> bool:
        text = self.check(self.form.values())
        self.problem.setText(text)
        return not text

    @staticmethod
    def check(values: dict[str, Any]) -> str:
        from app.values.tax_numbers import eu_problem, problem

        typed = {k: str(v or "").strip() for k, v in values.items() if k not in ("vat_status", "country")}
        if not any(typed.values()):
            return ""  # all later, from Törzsadatok › Saját cégadatok
        labels = {f.name: f.label for f in masterdata.COMPANY_FIELDS}
        missing = [labels[n] for n in masterdata.REQUIRED_COMPANY_FIELDS if not typed.get(n)]
        if missing:
            return "Kérjük, adja meg: " + ", ".join(missing) + "."
        return problem(typed.get("tax_number", "")) or eu_problem(typed.get("eu_tax_number", "")) or ""


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

        company = CompanyPage()
        self.company_form = company.form
        self.company_problem = company.problem
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
