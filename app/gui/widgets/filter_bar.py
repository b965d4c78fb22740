"""A list's filter bar: a date range, a choice per column, yes/no, "csak negatív" – under the toolbar.

Built from the list's own columns (``ListScreen.filters`` names them). The choices are the values
present in the loaded rows; everything filters in memory through the model, like the search box,
so the filters combine with it and with each other.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui.models.row_table_model import RowTableModel
from app.services.listing import Column
from app.timeutil import to_local

ALL = ""
NEGATIVE_SUFFIX = ":negative"  # "free:negative" → a "csak negatív" checkbox on that quantity column


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return to_local(value).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    return None


class FilterBar(QWidget):
    def __init__(self, model: RowTableModel, names: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.columns: dict[str, tuple[int, Column]] = {c.key: (i, c) for i, c in enumerate(model.columns)}
        self.choices: dict[str, QComboBox] = {}
        self.ranges: dict[str, tuple[QDateEdit, QDateEdit]] = {}
        self.negatives: dict[str, QCheckBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for name in names:
            key = name.removesuffix(NEGATIVE_SUFFIX)
            column = self.columns[key][1]
            if name.endswith(NEGATIVE_SUFFIX):
                box = QCheckBox(f"csak negatív {column.title.lower()}")
                box.setObjectName(f"filter_{key}_negative")
                box.toggled.connect(self.apply)
                self.negatives[key] = box
                layout.addWidget(box)
            elif column.kind == "date":
                start, end = QDateEdit(), QDateEdit()
                for edit, label in ((start, f"{column.title}:"), (end, "–")):
                    edit.setCalendarPopup(True)
                    edit.setDisplayFormat("yyyy.MM.dd.")
                    # The lowest date stands for "no limit" and shows as "bármikor".
                    edit.setMinimumDate(QDate(2000, 1, 1))
                    edit.setSpecialValueText("bármikor")
                    edit.setDate(edit.minimumDate())
                    edit.dateChanged.connect(self.apply)
                    layout.addWidget(QLabel(label))
                    layout.addWidget(edit)
                start.setObjectName(f"filter_{key}_from")
                end.setObjectName(f"filter_{key}_to")
                self.ranges[key] = (start, end)
            else:
                combo = QComboBox()
                combo.setObjectName(f"filter_{key}")
                title = column.title if column.title.isupper() else column.title.lower()  # "NAV" stays
                combo.addItem(f"Minden: {title}" if column.kind != "bool" else column.title, ALL)
                if column.kind == "bool":
                    combo.addItem("igen", "1")
                    combo.addItem("nem", "0")
                combo.setMinimumWidth(130)
                combo.currentIndexChanged.connect(self.apply)
                self.choices[key] = combo
                layout.addWidget(combo)
        clear = QPushButton("Szűrés törlése")
        clear.setObjectName("filter_clear")
        clear.clicked.connect(self.clear)
        layout.addWidget(clear)
        layout.addStretch(1)
        model.modelReset.connect(self._offer_values)

    def _offer_values(self) -> None:
        """The choices are the values present in the loaded rows."""
        for key, combo in self.choices.items():
            index, column = self.columns[key]
            if column.kind == "bool":
                continue
            present = {combo.itemData(i) for i in range(combo.count())}
            values = sorted(
                {str(r[index + 1]) for r in self.model.all_rows() if r[index + 1] not in (None, "")}
            )
            combo.blockSignals(True)
            for value in values:
                if value not in present:
                    combo.addItem(value, value)
            combo.blockSignals(False)

    def clear(self) -> None:
        for widget in [*self.choices.values(), *self.negatives.values()]:
            widget.blockSignals(True)
        for combo in self.choices.values():
            combo.setCurrentIndex(0)
        for box in self.negatives.values():
            box.setChecked(False)
        for start, end in self.ranges.values():
            for edit in (start, end):
                edit.blockSignals(True)
                edit.setDate(edit.minimumDate())
                edit.blockSignals(False)
        for widget in [*self.choices.values(), *self.negatives.values()]:
            widget.blockSignals(False)
        self.apply()

    def active(self) -> bool:
        return bool(self.model_predicates())

    def model_predicates(self) -> dict[str, Any]:
        predicates: dict[str, Any] = {}
        for key, combo in self.choices.items():
            wanted = combo.currentData()
            if not wanted:
                continue
            pos = self.columns[key][0] + 1
            if self.columns[key][1].kind == "bool":
                flag = wanted == "1"
                predicates[key] = lambda row, pos=pos, flag=flag: bool(row[pos]) == flag
            else:
                predicates[key] = lambda row, pos=pos, wanted=wanted: str(row[pos]) == wanted
        for key, (start, end) in self.ranges.items():
            low = start.date().toPython() if start.date() != start.minimumDate() else None
            high = end.date().toPython() if end.date() != end.minimumDate() else None
            if low is None and high is None:
                continue
            pos = self.columns[key][0] + 1
            predicates[key] = lambda row, pos=pos, low=low, high=high: _in_range(row[pos], low, high)
        for key, box in self.negatives.items():
            if box.isChecked():
                pos = self.columns[key][0] + 1
                predicates[f"{key}{NEGATIVE_SUFFIX}"] = lambda row, pos=pos: _negative(row[pos])
        return predicates

    def apply(self, *_args: object) -> None:
        self.model.set_predicates(self.model_predicates())


def _in_range(value: Any, low: date | None, high: date | None) -> bool:
    day = _day(value)
    if day is None:
        return False
    return (low is None or day >= low) and (high is None or day <= high)


def _negative(value: Any) -> bool:
    return isinstance(value, Decimal | int) and value < 0
