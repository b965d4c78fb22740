"""Kiegyenlítés: what an invoice costs, what was paid, and a new payment (partial or full)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.db.payments import PaymentWay
from app.errors import ValidationError
from app.formatting import format_date
from app.gui import changes
from app.gui.context import AppContext
from app.gui.widgets.decimal_edit import DecimalEdit
from app.services import payments
from app.services.payments import WAY_LABELS, PaymentForm, money_text


class PaymentDialog(QDialog):
    def __init__(self, ctx: AppContext, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.setWindowTitle("Kiegyenlítés")
        self.summary = QLabel("Betöltés…")
        self.summary.setWordWrap(True)
        self.earlier = QTableWidget(0, 4)
        self.earlier.setHorizontalHeaderLabels(["Dátum", "Összeg", "Mód", "Megjegyzés"])
        self.earlier.horizontalHeader().setStretchLastSection(True)
        self.earlier.verticalHeader().setVisible(False)
        self.earlier.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.amount = DecimalEdit("Összeg")
        self.paid_on = QDateEdit(QDate.currentDate())
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("yyyy.MM.dd.")
        self.way = QComboBox()
        for way, label in WAY_LABELS.items():
            self.way.addItem(label, way.value)
        self.way.setCurrentIndex(self.way.findData(PaymentWay.TRANSFER.value))
        self.note = QLineEdit()
        self.note.setPlaceholderText("pl. a banki közlemény")
        form = QFormLayout()
        form.addRow("Befizetett összeg (*):", self.amount)
        form.addRow("Fizetés napja:", self.paid_on)
        form.addRow("Fizetés módja:", self.way)
        form.addRow("Megjegyzés:", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Rögzítés")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Bezárás")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Eddigi befizetések:"))
        layout.addWidget(self.earlier)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.setEnabled(False)
        ctx.tasks.run(self._load, self._fill, self._failed, parent=self)

    def _load(self, db: Database) -> PaymentForm:
        with db.reading() as session:
            return payments.payment_form(session, self.invoice_id)

    def _fill(self, form: PaymentForm) -> None:
        state = form.state
        money = lambda value: money_text(value, state.currency)  # noqa: E731
        self.summary.setText(
            f"<b>{state.number}</b> – fizetendő: {money(state.to_pay)}, fizetve: {money(state.paid)}, "
            f"<b>nyitott: {money(state.open)}</b>; határidő: {format_date(state.due_date)} ({state.status})"
        )
        self.earlier.setRowCount(len(form.earlier))
        for row, (paid_on, amount, way, note) in enumerate(form.earlier):
            for column, text in enumerate((format_date(paid_on), money(amount), way, note)):
                self.earlier.setItem(row, column, QTableWidgetItem(text))
        self.amount.set_value(state.open)
        can_pay = state.open > 0
        self.amount.setEnabled(can_pay)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(can_pay)
        self.setEnabled(True)

    def save(self) -> None:
        from app.gui.error_dialog import show_error

        try:
            amount = self.amount.value() or Decimal(0)
        except ValidationError as exc:
            show_error(self, exc)
            return
        way = PaymentWay(str(self.way.currentData()))
        paid_on = date.fromisoformat(self.paid_on.date().toString("yyyy-MM-dd"))
        note = self.note.text()

        def work(db: Database) -> None:
            with db.transaction() as session:
                payments.record_payment(session, self.invoice_id, amount, way, paid_on, note)

        self.ctx.tasks.run(work, self._saved, self._failed, parent=self)

    def _saved(self, _result: object) -> None:
        self.ctx.changes.emit(changes.DOCUMENTS)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        show_error(self, exc)
