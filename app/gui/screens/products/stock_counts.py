"""Termékkezelés › Leltár: the counts of each warehouse, and one count's sheet – the frozen book
stock, the counted quantities typed in or imported from a spreadsheet, the difference and what moved
since the start – closed into shortage and surplus documents."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.errors import AppError, ValidationError
from app.formatting import format_money, format_quantity, parse_decimal
from app.gui import changes
from app.gui.context import AppContext
from app.gui.error_dialog import show_error
from app.gui.screens.list_screen import ListScreen
from app.services import stock_counts
from app.services.document_forms import load_choices
from app.services.stock_counts import CountSheet

HEADERS = [
    "Termékkód",
    "Megnevezés",
    "Könyv szerint (kezdéskor)",
    "Leltározott",
    "Eltérés",
    "Mozgás a kezdés óta",
]
COUNTED = 3
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CountDialog(QDialog):
    def __init__(self, ctx: AppContext, count_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.count_id = count_id
        self.sheet: CountSheet | None = None
        self.setWindowTitle("Leltár")
        self.resize(1000, 620)
        self.header = QLabel("")
        self.header.setObjectName("count_header")
        self.values = QLabel("")
        self.values.setObjectName("count_values")
        self.values.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hint = QLabel(
            "A Leltározott oszlopba írja a megszámolt mennyiséget (üresen hagyva nem számít eltérésnek). "
            "Lezáráskor a leltározott − könyv szerinti különbség hiányként, illetve többletként "
            "könyvelődik; a kezdés óta történt eladások és bevételezések megmaradnak."
        )
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Importálás fájlból…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.clicked.connect(self._import)
        self.save_button = self.buttons.addButton("Mentés", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("save_counted")
        self.save_button.clicked.connect(self._save_clicked)
        self.close_button = self.buttons.addButton(
            "Lezárás és könyvelés", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button.setObjectName("close_count")
        self.close_button.clicked.connect(self._close_count)
        self.buttons.addButton("Bezárás", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.values)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        self.setEnabled(False)
        count_id = self.count_id

        def load(db: Database) -> CountSheet:
            with db.reading() as session:
                return stock_counts.count_sheet(session, count_id)

        self.ctx.tasks.run(load, self._show, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        show_error(self, exc)

    def _show(self, sheet: CountSheet) -> None:
        self.sheet = sheet
        state = "folyamatban" if sheet.is_open else f"lezárva ({sheet.documents or 'nem volt eltérés'})"
        self.setWindowTitle(f"Leltár – {sheet.number}")
        self.header.setText(f"<b>{sheet.number}</b> · raktár: {sheet.warehouse} · {state}")
        self.table.setRowCount(0)
        for row, line in enumerate(sheet.lines):
            self.table.insertRow(row)
            values = [
                line.code,
                line.name,
                format_quantity(line.book),
                "" if line.counted is None else format_quantity(line.counted),
                "" if line.counted is None else format_quantity(line.difference),
                format_quantity(line.moved_since),
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(RIGHT)
                if col != COUNTED or not sheet.is_open:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col == 4 and line.difference < 0:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, col, item)
        for col in (0, 2, 3, 4, 5):
            self.table.resizeColumnToContents(col)
        self.values.setText(
            f"Hiány értéke: {format_money(sheet.shortage)} Ft · "
            f"többlet értéke: {format_money(sheet.surplus)} Ft (a kezdéskori beszerzési áron)"
        )
        for button in (self.import_button, self.save_button, self.close_button):
            button.setVisible(sheet.is_open)
        self.setEnabled(True)

    def counted_values(self) -> dict[str, Decimal]:
        """What the table holds now, by product code; a wrong number is named with its row."""
        sheet = self.sheet
        assert sheet is not None
        out: dict[str, Decimal] = {}
        for row, line in enumerate(sheet.lines):
            item = self.table.item(row, COUNTED)
            text = item.text().strip() if item is not None else ""
            if not text:
                continue
            try:
                value = parse_decimal(text)
            except Exception as exc:
                raise ValidationError(
                    f"A(z) {row + 1}. sorban ({line.code}) hibás mennyiség: „{text}”."
                ) from exc
            if line.counted is None or value != line.counted:
                out[line.code] = value
        return out

    def _save_clicked(self) -> None:
        self.save_counted()  # the signal's "checked" argument is not a follow-up

    def save_counted(self, then: Callable[[], None] | None = None) -> None:
        try:
            values = self.counted_values()
        except AppError as exc:
            show_error(self, exc)
            return
        count_id = self.count_id

        def work(db: Database) -> None:
            if values:
                with db.transaction() as session:
                    stock_counts.set_counted(session, count_id, values)

        def done(_result: None) -> None:
            if then is not None:
                then()
            else:
                self.reload()

        self.setEnabled(False)
        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Leltár importálása", str(Path.home()), "Táblázat (*.xlsx *.csv)"
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        count_id = self.count_id

        def work(db: Database) -> stock_counts.CountImport:
            with db.transaction() as session:
                return stock_counts.import_counted(session, count_id, path)

        def done(report: stock_counts.CountImport) -> None:
            text = f"{report.applied} sor rögzítve."
            if report.errors:
                text += f" {len(report.errors)} hibás sor kihagyva (belőlük semmi nem került a leltárba):\n"
                text += "\n".join(report.errors[:12])
                if len(report.errors) > 12:
                    text += f"\n… és még {len(report.errors) - 12}"
            QMessageBox.information(self, "Leltár importálása", text)
            self.reload()

        self.setEnabled(False)
        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _close_count(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        answer = QMessageBox.question(
            self,
            "Leltár lezárása",
            f"Lezárja a(z) {sheet.number} leltárt? A hiány és a többlet bizonylatként lekönyvelődik, "
            "a webáruház készlete a következő Termék szinkronnal követi.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.save_counted(then=self.close_now)

    def close_now(self) -> None:
        count_id = self.count_id

        def work(db: Database) -> None:
            with db.transaction() as session:
                stock_counts.close_count(session, count_id)

        def done(_result: None) -> None:
            self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK)
            self.reload()

        self.setEnabled(False)
        self.ctx.tasks.run(work, done, self._failed, parent=self)


class StockCountListScreen(ListScreen):
    title = "Leltár"
    list_name = "stock_counts"
    concerned_by = frozenset({changes.DOCUMENTS, changes.STOCK})
    can_delete = False
    filters = ("warehouse", "status")

    def create_new(self) -> None:
        def load(db: Database) -> list[tuple[int, str]]:
            with db.reading() as session:
                return load_choices(session).warehouses

        self.ctx.tasks.run(load, self._ask_warehouse, lambda exc: show_error(self, exc), parent=self)

    def _ask_warehouse(self, warehouses: list[tuple[int, str]]) -> None:
        names = [n for _, n in warehouses]
        name, ok = QInputDialog.getItem(
            self,
            "Új leltár",
            "Melyik raktárat leltározza? (a könyv szerinti készlet most rögzül)",
            names,
            0,
            False,
        )
        if ok and name:
            self.start(dict((n, i) for i, n in warehouses)[name])

    def start(self, warehouse_id: int) -> None:
        def work(db: Database) -> int:
            with db.transaction() as session:
                return stock_counts.start_count(session, warehouse_id).id

        def done(count_id: int) -> None:
            self.ctx.changes.emit(changes.STOCK)
            CountDialog(self.ctx, count_id, self).open()

        self.ctx.tasks.run(work, done, lambda exc: show_error(self, exc), parent=self)

    def open_item(self, row_id: int) -> None:
        CountDialog(self.ctx, row_id, self).open()
