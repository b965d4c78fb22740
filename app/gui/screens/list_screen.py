"""A list screen in Kulcs style: toolbar (Új, Megnyitás, Törlés, Frissítés), search box, table.

Subclasses name their list (``app.services.listing.LISTS``) and implement the actions. Rows are
loaded off the UI thread; the table keeps the selection across reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.formatting import format_count
from app.gui.context import AppContext
from app.gui.models.row_table_model import RowTableModel
from app.gui.widgets.column_widths import ColumnWidths
from app.gui.widgets.filter_bar import FilterBar
from app.services.listing import LISTS, ListSpec, Row

# Typing pauses this long (ms) before the filter runs, so fast typists do not filter per key.
SEARCH_DELAY_MS = 150
# Rows shown first while a long list loads: more than any screen shows at once.
FIRST_PAGE_ROWS = 200

LoadedRows = tuple[list[Row], list[str]]


class ListScreen(QWidget):
    title = ""
    list_name = ""
    concerned_by: frozenset[str] = frozenset()
    can_create = True
    can_delete = True
    newest_first = False  # documents: highest number on top
    # Column keys offered in the filter bar (a date range, a choice, yes/no, "key:negative").
    filters: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec: ListSpec = LISTS[self.list_name]
        self.model = RowTableModel(self.spec.columns, self)
        self.loaded_once = False
        self.loading = False

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.action_new = self._action("Új", "Insert", self.create_new, "Új tétel (Insert)")
        # No shortcut on the action: Enter in the table opens through "activated", and as a shortcut
        # it would also swallow Enter in the search box (which moves to the first row instead).
        self.action_open = self._action("Megnyitás", "", self._open_current, "Megnyitás (Enter)")
        self.action_delete = self._action("Törlés", "Delete", self._delete_current, "Törlés (Delete)")
        self.action_refresh = self._action("Frissítés", "F5", self.reload, "Frissítés (F5)")
        self.action_new.setVisible(self.can_create)
        self.action_delete.setVisible(self.can_delete)
        self.action_export = self._action(
            "Exportálás", "Ctrl+E", self.export, "A lista (ahogy látszik) mentése Excel-fájlba (Ctrl+E)"
        )
        self.action_print = self._action(
            "Nyomtatás", "Ctrl+P", self.print_list, "A lista (ahogy látszik) nyomtatása (Ctrl+P)"
        )
        self.add_toolbar_buttons(self.toolbar)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Keresés…")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        # Bound methods, not lambdas: PySide keeps a lambda slot (and the screen it captures)
        # alive after the screen is closed, leaking its rows.
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._focus_table)
        self.count_label = QLabel(self)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # Widths come from the first screenful of rows (ResizeToContents would measure every one of
        # 100,000 rows) or from the user's own, saved per list.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.columns = ColumnWidths(self.table, self.list_name)
        self.table.sortByColumn(
            0, Qt.SortOrder.DescendingOrder if self.newest_first else Qt.SortOrder.AscendingOrder
        )
        # The right-click menu offers what the toolbar does.
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions([a for a in self.toolbar.actions() if a.isVisible() and a.text()])
        # "activated" is Enter and double click (or single click where the desktop says so).
        self.table.activated.connect(self._open_current)
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self.columns.size_once)

        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        top.addWidget(self.search)
        layout = self.main_layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        self.filter_bar: FilterBar | None = None
        if self.filters:
            self.filter_bar = FilterBar(self.model, self.filters, self)
            layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        ctx.changes.changed.connect(self._on_changed)

    # --- for subclasses -----------------------------------------------------------------------
    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        """Extra buttons after the standard ones (e.g. "Termék szinkron")."""

    def create_new(self) -> None:
        pass

    def open_item(self, row_id: int) -> None:
        pass

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        raise NotImplementedError

    def load_rows(self, db: Database) -> LoadedRows:
        with db.reading() as session:
            rows = self.spec.rows(session)
        # The search index is built here, off the UI thread, so the first search is instant too.
        return rows, self.model.build_haystack(rows)

    # --- behaviour ----------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded_once:
            self.loaded_once = True
            self.reload()

    def reload(self) -> None:
        selected = self.current_id()
        self.loading = True

        def loaded(result: LoadedRows) -> None:
            self.loading = False
            self.model.set_rows(*result)
            if selected is not None:
                self.select_id(selected)

        first_rows = self.spec.first_rows
        if first_rows is not None and self.model.total_count == 0:
            # A long list shows its first screenful at once; the rest replaces it when loaded.
            def load_first(db: Database) -> list[Row]:
                with db.reading() as session:
                    return first_rows(session, FIRST_PAGE_ROWS)

            def first_loaded(rows: list[Row]) -> None:
                if self.loading and self.model.total_count == 0:
                    self.model.set_rows(rows, None)

            self.ctx.tasks.run(load_first, first_loaded, parent=self)
        self.ctx.tasks.run(self.load_rows, loaded, parent=self)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_id(index.row())

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_id(r) for r in rows]

    def select_id(self, row_id: int) -> None:
        row = self.model.row_of_id(row_id)
        if row is not None:
            self.table.selectRow(row)

    def _action(self, text: str, shortcut: str, slot: Callable[[], None], tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _apply_filter(self) -> None:
        self.model.set_filter(self.search.text())

    def _open_current(self, *_args: object) -> None:
        row_id = self.current_id()
        if row_id is not None:
            self.open_item(row_id)

    def _delete_current(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            "Törlés",
            f"Biztosan törli a kijelölt {len(ids)} tételt?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(db: Database) -> None:
            with db.transaction() as session:
                self.delete_items(session, ids)

        self.ctx.tasks.run(work, lambda _r: self.ctx.changes.emit(*self.concerned_by), parent=self)

    def export(self, path: Path | None = None) -> None:
        """The rows as shown (filter and order kept) to an .xlsx file the user picks."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Exportálás Excel-fájlba", str(Path.home() / f"{self.title}.xlsx"), "Excel (*.xlsx)"
            )
            if not chosen:
                return
            path = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        rows = [self.model.row_values(r)[1:] for r in range(self.model.rowCount())]
        columns, title, target = self.spec.columns, self.title, path

        def work(_db: Database) -> int:
            from app.services.list_export import export_xlsx

            return export_xlsx(target, title, columns, rows)

        def done(count: int) -> None:
            QMessageBox.information(self, "Exportálás", f"{format_count(count)} sor mentve: {target}")

        self.ctx.tasks.run(work, done, parent=self)

    def print_list(self, printer: QPrinter | None = None) -> None:
        """The rows as shown, through Qt's print dialog (a PDF printer is one of its choices)."""
        from app.gui.widgets.list_print import print_model

        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle("Nyomtatás")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        note = f"Keresés: „{self.search.text().strip()}”." if self.search.text().strip() else ""
        print_model(printer, self.model, self.title, note)

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _on_changed(self, what: set[str]) -> None:
        if self.loaded_once and what & self.concerned_by:
            self.reload()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        if shown == total:
            self.count_label.setText(f"{format_count(shown)} tétel")
            return
        # Said plainly: a record just saved may be hidden by the search or a filter.
        why = [
            w for w, on in (("keresés", bool(self.search.text().strip())), ("szűrés", self._filtered())) if on
        ]
        reason = " és ".join(why) or "szűrés"
        self.count_label.setText(
            f"{format_count(shown)} / {format_count(total)} tétel látszik ({reason} miatt)"
        )

    def _filtered(self) -> bool:
        return self.filter_bar is not None and self.filter_bar.active()
