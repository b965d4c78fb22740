"""Törzsadatok importálása: a spreadsheet with a preview and column mapping, or a connected shop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.services import product_import as imp

PREVIEW_ROWS = 20
SKIP = "(kihagyva)"


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table_data: imp.Table | None = None
        self.setWindowTitle("Törzsadatok importálása")
        self.resize(900, 620)
        choose = QPushButton("Fájl kiválasztása (Excel vagy CSV)…")
        choose.clicked.connect(self._choose)
        self.file_label = QLabel("")
        self.shop = QComboBox()
        from_shop = QPushButton("Importálás webáruházból")
        from_shop.clicked.connect(self._from_shop)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.shop)
        top.addWidget(from_shop)
        self.preview = QTableWidget(0, 0)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(150)
        self.check_button = QPushButton("Ellenőrzés")
        self.check_button.clicked.connect(lambda: self._run(dry=True))
        self.import_button = QPushButton("Importálás")
        self.import_button.clicked.connect(lambda: self._run(dry=False))
        for b in (self.check_button, self.import_button):
            b.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("Oszlopok megfeleltetése (a felső sorban) és az első sorok:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.report)
        layout.addLayout(bottom)
        ctx.tasks.run(self._load_shops, self._fill_shops, parent=self)

    def _load_shops(self, db: Database) -> list[tuple[int, str]]:
        from app.services.shops import active_shops

        with db.reading() as session:
            return active_shops(session)

    def _fill_shops(self, shops: list[tuple[int, str]]) -> None:
        for shop_id, name in shops:
            self.shop.addItem(name, shop_id)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Importálandó fájl", "", "Táblázat (*.xlsx *.csv)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        def work(_db: Database) -> imp.Table:
            return imp.read_table(path)

        def done(table: imp.Table) -> None:
            self.table_data = table
            self.file_label.setText(f"{path.name}: {len(table.rows)} sor")
            self._show_preview(table)

        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _show_preview(self, table: imp.Table) -> None:
        guessed = imp.guess_mapping(table.headers)
        self.preview.clear()
        self.preview.setColumnCount(len(table.headers))
        self.preview.setRowCount(min(PREVIEW_ROWS, len(table.rows)) + 1)
        self.preview.setHorizontalHeaderLabels(table.headers)
        for column in range(len(table.headers)):
            combo = QComboBox()
            combo.addItem(SKIP, None)
            for key, label in imp.FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(guessed.get(column))))
            self.preview.setCellWidget(0, column, combo)
        for r, (_number, cells) in enumerate(table.rows[:PREVIEW_ROWS], start=1):
            for c, value in enumerate(cells[: len(table.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(True)

    def mapping(self) -> dict[int, str]:
        out = {}
        for column in range(self.preview.columnCount()):
            combo = self.preview.cellWidget(0, column)
            if isinstance(combo, QComboBox) and combo.currentData():
                out[column] = str(combo.currentData())
        return out

    def _run(self, *, dry: bool) -> None:
        table = self.table_data
        if table is None:
            return
        mapping = self.mapping()

        def work(db: Database) -> imp.ImportReport:
            with db.transaction() as session:
                report = imp.validate(session, table, mapping)
                if not dry:
                    imp.apply(session, report)
                return report

        def done(report: imp.ImportReport) -> None:
            lines = [
                f"Ellenőrzés: {len(report.good)} jó sor, {len(report.errors)} hibás sor."
                if dry
                else report.summary()
            ]
            lines += [f"{n}. sor: {reason}" for n, reason in report.errors]
            lines += report.warnings
            self.report.setPlainText("\n".join(lines))
            if not dry:
                self.ctx.changes.emit(changes.PRODUCTS, changes.STOCK, changes.DOCUMENTS)

        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _from_shop(self) -> None:
        shop_id = self.shop.currentData()
        if shop_id is None:
            QMessageBox.information(self, "Importálás", "Nincs csatlakoztatott webáruház.")
            return

        def work(db: Database) -> imp.ImportReport:
            from app.sync import shops
            from app.sync.shop_import import import_from_shop

            return import_from_shop(db, shop_id, shops.shop_client(db, CredentialStore(), shop_id))

        def done(report: imp.ImportReport) -> None:
            lines = [report.summary()] + [f"{n}. termék: {r}" for n, r in report.errors] + report.warnings
            self.report.setPlainText("\n".join(lines))
            self.ctx.changes.emit(changes.PRODUCTS, changes.STOCK, changes.DOCUMENTS)

        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        show_error(self, exc)
