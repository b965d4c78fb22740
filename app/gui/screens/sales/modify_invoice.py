"""Számlák › Helyesbítés: a modifying invoice (helyesbítő számla) for returns and price changes."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.errors import AppError, ValidationError
from app.formatting import format_decimal, format_quantity, parse_decimal
from app.gui import changes
from app.gui.context import AppContext
from app.services.invoice_corrections import CorrectableLine, LineChange, correctable_lines, modify_invoice

HEADERS = ["#", "Megnevezés", "Számlán", "Egység", "Egységár", "Visszáru mennyisége", "Egységár változása"]
RETURNED, PRICE = 5, 6


class ModifyInvoiceDialog(QDialog):
    def __init__(self, ctx: AppContext, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.number = ""
        self.setWindowTitle("Helyesbítő számla")
        self.resize(1000, 460)
        self.info = QLabel(
            "A helyesbítendő tételeknél adja meg a visszavett mennyiséget vagy az egységár változását "
            "(csökkenésnél negatív szám). A visszavett áru visszakerül a készletbe."
        )
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton("Kiállítás", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Mégse", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.setEnabled(False)

        def load(db: Database) -> tuple[str, list[CorrectableLine]]:
            with db.reading() as session:
                return correctable_lines(session, invoice_id)

        ctx.tasks.run(load, self._fill, self._failed, parent=self)

    def _fill(self, loaded: tuple[str, list[CorrectableLine]]) -> None:
        self.number, lines = loaded
        self.setWindowTitle(f"Helyesbítő számla – {self.number}")
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            fixed = [
                str(line.number),
                line.name,
                format_quantity(line.remaining),
                line.unit,
                format_decimal(line.unit_price.normalize())
                + (" (br.)" if line.price_is_gross else " (nettó)"),
            ]
            for col, text in enumerate(fixed):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            self.table.setItem(row, RETURNED, QTableWidgetItem(""))
            self.table.setItem(row, PRICE, QTableWidgetItem(""))
        # Every column but the name as wide as its header and contents ("Visszáru mennyisége" uncut).
        for col in range(self.table.columnCount()):
            if col != 1:
                self.table.resizeColumnToContents(col)
        self.setEnabled(True)

    def changes(self) -> list[LineChange]:
        out = []
        for row in range(self.table.rowCount()):
            number = int(self.table.item(row, 0).text())  # type: ignore[union-attr]
            returned = self._number(row, RETURNED)
            price = self._number(row, PRICE)
            if returned or price:
                out.append(LineChange(number, abs(returned or Decimal(0)), price or None))
        return out

    def _number(self, row: int, column: int) -> Decimal | None:
        item = self.table.item(row, column)
        text = item.text().strip() if item else ""
        if not text:
            return None
        try:
            return parse_decimal(text)
        except (ValueError, ArithmeticError) as exc:
            raise ValidationError(f"A(z) {row + 1}. sorban nem szám: „{text}”.") from exc

    def issue(self) -> None:
        try:
            changes_ = self.changes()
        except AppError as exc:
            self._failed(exc)
            return
        invoice_id = self.invoice_id

        def work(db: Database) -> str:
            with db.issuing() as session:
                return modify_invoice(session, invoice_id, changes_).number

        def done(number: str) -> None:
            from app.gui.operations.nav import report_to_nav

            self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS)
            report_to_nav(self.ctx)
            QMessageBox.information(self, "Helyesbítő számla", f"Elkészült a helyesbítő számla: {number}")
            self.accept()

        self.issue_button.setEnabled(False)
        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        self.setEnabled(True)
        self.issue_button.setEnabled(True)
        show_error(self, exc)
