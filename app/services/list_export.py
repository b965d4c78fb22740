"""Any list as an Excel file: the rows as the user sees them (filtered, sorted), typed cells.

Money and quantities stay numbers (with a Hungarian-looking number format), times are written in
Budapest time (Excel has no time zones), yes/no as words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.errors import AppError
from app.services.listing import Column
from app.timeutil import to_local

NUMBER_FORMATS = {"money": "#,##0", "price": "#,##0.00", "qty": "#,##0.###", "percent": "0.##", "int": "0"}
MAX_SHEET_TITLE = 31  # Excel's limit


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "bool":
        return "igen" if value else "nem"
    if isinstance(value, datetime):
        return to_local(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (Decimal, int, float, date)):
        return value
    return str(value)


def export_xlsx(path: Path, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``rows`` (values in column order, no id) to ``path``; returns the number of rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (title or "Lista")[:MAX_SHEET_TITLE]
    sheet.append([c.title for c in columns])
    count = 0
    for row in rows:
        sheet.append([_cell(v, c.kind) for v, c in zip(row, columns, strict=True)])
        count += 1
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        fmt = NUMBER_FORMATS.get(column.kind)
        for cell in sheet[letter][1:]:
            if column.kind == "date":
                cell.number_format = (
                    "yyyy.mm.dd. hh:mm" if isinstance(cell.value, datetime) else "yyyy.mm.dd."
                )
            elif fmt:
                cell.number_format = fmt
        sheet.column_dimensions[letter].width = max(10, min(len(column.title) + 4, 40))
    sheet.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as exc:
        raise AppError(f"A fájl nem menthető ide: {path} ({exc.strerror or exc})") from exc
    return count
