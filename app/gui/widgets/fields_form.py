"""A form built from field descriptions (app.services.masterdata.Field): values in, values out."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from app.gui.widgets.decimal_edit import DecimalEdit
from app.services.masterdata import Field

_TRISTATE = (("", "Nem tudni"), ("1", "Igen"), ("0", "Nem"))


class FieldsForm(QWidget):
    def __init__(
        self, fields: Sequence[Field], parent: QWidget | None = None, *, required: Sequence[str] = ()
    ) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.required = tuple(required)
        self.widgets: dict[str, QWidget] = {}
        layout = QFormLayout(self)
        for f in self.fields:
            widget: QWidget
            if f.kind == "bool":
                widget = QCheckBox()
            elif f.kind == "int":
                widget = QSpinBox()
                widget.setRange(0, 3650)
            elif f.kind == "decimal":
                widget = DecimalEdit(f.label)
            elif f.kind == "choice":
                widget = QComboBox()
                for value, label in f.choices:
                    widget.addItem(label, value)
            elif f.kind == "tristate":  # yes / no / not known (None)
                widget = QComboBox()
                for value, label in _TRISTATE:
                    widget.addItem(label, value)
                widget.setProperty("tristate", True)
            else:
                widget = QLineEdit()
            widget.setObjectName(f.name)
            self.widgets[f.name] = widget
            # A required field is marked the usual way: an asterisk after its label.
            layout.addRow(f.label + (" *" if f.name in self.required else "") + ":", widget)

    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            w = self.widgets[f.name]
            v = values.get(f.name)
            if isinstance(w, QCheckBox):
                w.setChecked(bool(v))
            elif isinstance(w, QSpinBox):
                w.setValue(int(v or 0))
            elif isinstance(w, DecimalEdit):
                w.set_value(v if v is not None else Decimal(0))
            elif isinstance(w, QComboBox) and w.property("tristate"):
                w.setCurrentIndex(max(0, w.findData("" if v is None else ("1" if v else "0"))))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(str(v))))
            elif isinstance(w, QLineEdit):
                w.setText("" if v is None else str(v))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.name]
            if isinstance(w, QCheckBox):
                out[f.name] = w.isChecked()
            elif isinstance(w, QSpinBox):
                out[f.name] = w.value()
            elif isinstance(w, DecimalEdit):
                out[f.name] = w.value()
            elif isinstance(w, QComboBox) and w.property("tristate"):
                out[f.name] = {"": None, "1": True, "0": False}[w.currentData()]
            elif isinstance(w, QComboBox):
                out[f.name] = w.currentData()
            elif isinstance(w, QLineEdit):
                out[f.name] = w.text()
        return out
