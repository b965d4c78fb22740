"""A table model over plain row tuples (id first), with in-memory search and sort.

Rows are loaded in one go by a background task (see ListScreen); filtering and sorting work on
an index list, so 100,000 rows filter in tens of milliseconds and only painted cells are
formatted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app import formatting
from app.services.listing import Column, Row

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NUMERIC = {"money", "price", "qty", "percent", "int"}
_NEGATIVE = QColor("#b00020")

ModelIndex = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    """Case- and accent-insensitive form: users type "korte" for "Körte" and "arvizturo" for ő/ű."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    # The accents are a handful of distinct marks: each removed by one str.replace (C speed)
    # rather than testing every character in Python (1.4 s for a list of 100,000 orders).
    for mark in {ch for ch in set(decomposed) if unicodedata.combining(ch)}:
        decomposed = decomposed.replace(mark, "")
    return decomposed


_SEPARATOR = "\x1f"  # the unit separator, which folding leaves as it is


def fold_all(texts: list[str], chunk: int = 1000) -> list[str]:
    """``[fold(t) for t in texts]``, ``chunk`` texts folded as one string: the marks are gathered
    once per chunk, and the copies folding makes stay small (a whole list of 100,000 orders at
    once took 80 MB more at its peak).

    NFKD never moves a mark across the separator (a starter), so each part folds as it would alone."""
    out: list[str] = []
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        joined = _SEPARATOR.join(part)
        if joined.count(_SEPARATOR) == len(part) - 1:
            out.extend(fold(joined).split(_SEPARATOR))
        else:  # a text that holds the separator itself: that chunk text by text
            out.extend(fold(text) for text in part)
    return out


def display(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money":
        return formatting.format_money(value)
    if kind == "price":
        return formatting.format_price(value)
    if kind in ("qty", "percent"):
        return formatting.format_quantity(value)
    if kind == "date":
        return formatting.format_date(value)
    if kind == "bool":
        return formatting.format_bool(value)
    return str(value)


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._visible: list[int] = []
        self._haystack: list[str] | None = None
        self._filter = ""
        self._predicates: dict[str, Callable[[Row], bool]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._text_columns = [i + 1 for i, c in enumerate(self.columns) if c.kind not in _NUMERIC | {"bool"}]

    # --- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(self._rows[self._visible[index.row()]][index.column() + 1], column.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in _NUMERIC:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column.kind == "qty":
            # Overselling (free stock below zero) must not look like any other row.
            value = self._rows[self._visible[index.row()]][index.column() + 1]
            if isinstance(value, Decimal) and value < 0:
                return _NEGATIVE
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text":
            # The full text of a cell cut by its column's width.
            text = display(self._rows[self._visible[index.row()]][index.column() + 1], column.kind)
            return text or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._apply_sort()
        self.layoutChanged.emit()

    # --- our API ------------------------------------------------------------------------------
    def build_haystack(self, rows: list[Row]) -> list[str]:
        """The folded search text of each row; safe to call off the UI thread."""
        cols = self._text_columns
        return fold_all(["\t".join([str(r[c] or "") for c in cols]) for r in rows])

    def set_rows(self, rows: list[Row], haystack: list[str] | None = None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._haystack = haystack
        self._visible = self._matching()
        self._apply_sort()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self._filter = fold(text.strip())
        self.beginResetModel()
        self._visible = self._matching()
        self._apply_sort()
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return int(self._rows[self._visible[row]][0])

    def row_values(self, row: int) -> Row:
        return self._rows[self._visible[row]]

    def row_of_id(self, row_id: int) -> int | None:
        for i, source in enumerate(self._visible):
            if self._rows[source][0] == row_id:
                return i
        return None

    @property
    def total_count(self) -> int:
        return len(self._rows)

    # --- internals ----------------------------------------------------------------------------
    def all_rows(self) -> list[Row]:
        """Every loaded row, filtered or not."""
        return self._rows

    def set_predicates(self, predicates: dict[str, Callable[[Row], bool]]) -> None:
        """Row filters by name (a filter bar's date range, a yes/no choice, "negative only")."""
        self._predicates = dict(predicates)
        self.beginResetModel()
        self._visible = self._matching()
        self._apply_sort()
        self.endResetModel()

    def _matching(self) -> list[int]:
        predicates = list(self._predicates.values())
        if predicates:
            keep = [i for i, row in enumerate(self._rows) if all(p(row) for p in predicates)]
            if not self._filter:
                return keep
            words = self._filter.split()
            if self._haystack is None:
                self._haystack = self.build_haystack(self._rows)
            return [i for i in keep if all(w in self._haystack[i] for w in words)]
        if not self._filter:
            return list(range(len(self._rows)))
        if self._haystack is None:
            self._haystack = self.build_haystack(self._rows)
        words = self._filter.split()
        hay = self._haystack
        if len(words) == 1:
            w = words[0]
            return [i for i, h in enumerate(hay) if w in h]
        return [i for i, h in enumerate(hay) if all(w in h for w in words)]

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        pos = column + 1
        rows = self._rows
        kind = self.columns[column].kind

        if kind in _NUMERIC:
            low = Decimal("-1e30")

            def key(i: int) -> Any:
                v = rows[i][pos]
                return low if v is None else v
        else:

            def key(i: int) -> Any:
                v = rows[i][pos]
                return "" if v is None else (str(v).casefold() if not isinstance(v, bool) else str(v))

        self._visible.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
