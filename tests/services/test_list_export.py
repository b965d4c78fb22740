"""List export to .xlsx: numbers stay numbers, times in Budapest time, yes/no in words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import AppError
from app.services.list_export import export_xlsx
from app.services.listing import Column

COLUMNS = (
    Column("number", "Sorszám"),
    Column("issue_date", "Kelt", "date"),
    Column("started", "Kezdés", "date"),
    Column("gross_total", "Bruttó", "money"),
    Column("free", "Szabad", "qty"),
    Column("webshop", "Webáruházas", "bool"),
)


def test_cells_keep_their_types(tmp_path: Path) -> None:
    target = tmp_path / "lista.xlsx"
    rows = [("R-1", date(2026, 12, 1), datetime(2026, 12, 1, 17, 5, tzinfo=UTC), D("52966"), D("-2.5"), True)]
    assert export_xlsx(target, "Vevői rendelések", COLUMNS, rows) == 1
    sheet = load_workbook(target).active
    assert sheet.title == "Vevői rendelések"
    values = [c.value for c in sheet[2]]
    assert values[0] == "R-1"
    assert values[1] == datetime(2026, 12, 1)  # a date cell
    assert values[2] == datetime(2026, 12, 1, 18, 5)  # 17:05 UTC is 18:05 in Budapest
    assert values[3] == 52966 and values[4] == -2.5
    assert values[5] == "igen"
    assert sheet["D2"].number_format == "#,##0" and sheet["B2"].number_format == "yyyy.mm.dd."


def test_a_folder_that_cannot_be_written_says_so_in_hungarian(tmp_path: Path) -> None:
    with pytest.raises(AppError, match="A fájl nem menthető ide"):
        export_xlsx(tmp_path / "nincs" / "ilyen" / "lista.xlsx", "Lista", COLUMNS[:1], [("x",)])
