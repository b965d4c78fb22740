"""A line edit for amounts typed the Hungarian way (1 234,50), read back as Decimal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from app.errors import ValidationError
from app.formatting import NumberFormatError, format_price, parse_decimal


class DecimalEdit(QLineEdit):
    def __init__(self, label: str, parent: QWidget | None = None, *, allow_empty: bool = False) -> None:
        super().__init__(parent)
        self.label = label
        self.allow_empty = allow_empty
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def value(self) -> Decimal | None:
        text = self.text().strip()
        if not text:
            if self.allow_empty:
                return None
            return Decimal(0)
        try:
            return parse_decimal(text)
        except NumberFormatError as exc:
            raise ValidationError(f"{self.label}: {exc}") from exc
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError(f"„{self.label}”: nem szám: {text}") from exc

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else format_price(value).replace("\u00a0", " "))
