"""Column widths of a list: sized once to the first screenful of rows, or the user's own, kept.

Measuring reads only the first ``MEASURED_ROWS`` rows, so a list of 100,000 products sizes as fast
as one of twenty. A width the user drags is saved per list (an ini file in the config folder) and
wins over the measured one from then on.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QTableView

from app import paths

MEASURED_ROWS = 60
MIN_WIDTH = 50
MAX_WIDTH = 420
PADDING = 16  # cell margins
HEADER_EXTRA = 28  # the sort arrow beside the title


def settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "lists.ini"), QSettings.Format.IniFormat)


class ColumnWidths:
    def __init__(self, table: QTableView, list_name: str) -> None:
        self.table = table
        self.list_name = list_name
        self.sized = False
        self._sizing = False
        # One settings object per list: a drag resizes many times a second, and a new QSettings per
        # event would write the file each time (QSettings writes lazily, in the background).
        self._store = settings()
        table.horizontalHeader().sectionResized.connect(self._resized)

    def size_once(self) -> None:
        """Called when rows arrive: the first non-empty load decides the widths."""
        model = self.table.model()
        if self.sized or model.rowCount() == 0:
            return
        self.sized = True
        saved = self._saved()
        self._sizing = True
        try:
            for column in range(model.columnCount()):
                width = saved.get(column) or self.measure(column)
                self.table.setColumnWidth(column, width)
        finally:
            self._sizing = False

    def measure(self, column: int) -> int:
        model = self.table.model()
        header = self.table.horizontalHeader()
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header.fontMetrics().horizontalAdvance(title) + HEADER_EXTRA
        metrics = self.table.fontMetrics()
        for row in range(min(model.rowCount(), MEASURED_ROWS)):
            text = model.index(row, column).data()
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + PADDING)
        return max(MIN_WIDTH, min(width, MAX_WIDTH))

    def _saved(self) -> dict[int, int]:
        store = self._store
        out = {}
        for key in store.allKeys():
            prefix, _, column = key.rpartition("/")
            if prefix == f"{self.list_name}/widths" and column.isdigit():
                try:
                    out[int(column)] = max(MIN_WIDTH, int(str(store.value(key))))
                except ValueError:
                    continue  # a hand-edited file: the measured width instead
        return out

    def _resized(self, column: int, _old: int, new: int) -> None:
        # Only the user's drags are kept; our own sizing and the stretched last column are not.
        if self._sizing or not self.sized or column == self.table.model().columnCount() - 1:
            return
        self._store.setValue(f"{self.list_name}/widths/{column}", new)
