"""Spreadsheet import with the cells real files carry: each bad cell is its own row's Hungarian
error, the good rows still come in, and both databases agree (no database error for the file)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.db.database import Database
from app.errors import ValidationError
from app.services import product_import as imp


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Termékkód", "Megnevezés", "Bruttó ár", "Készlet", "Leírás"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _import(db: Database, path: Path) -> imp.ImportReport:
    table = imp.read_table(path)
    with db.transaction() as session:
        report = imp.validate(session, table, imp.guess_mapping(table.headers))
        imp.apply(session, report)
    return report


def test_bad_number_cells_of_an_xlsx_are_row_errors_and_the_good_rows_come_in(
    db: Database, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "termekek.xlsx",
        [
            ["JO-1", "Jó termék", 1270, 5, "Leírás"],
            ["NAGY-1", "Óriás ár", 10**20, 1, ""],
            ["TIZED-1", "Négy tizedes készlet", 100, 1.2345, ""],
            ["APRO-1", "Apró ár", 1e-10, 1, ""],
            ["JO-2", "Másik jó", "2 490,50", "2,5", ""],
        ],
    )
    report = _import(db, path)
    errors = dict(report.errors)
    assert [row.code for row in report.good] == ["JO-1", "JO-2"]
    assert "bruttó ár túl nagy" in errors[3]
    assert "készlet legfeljebb 3 tizedesjegyű" in errors[4]
    assert "bruttó ár legfeljebb 4 tizedesjegyű" in errors[5]
    assert [row.gross_price for row in report.good] == [D(1270), D("2490.50")]


def test_bad_text_and_non_finite_cells_of_a_csv_are_row_errors(db: Database, tmp_path: Path) -> None:
    rows = [
        "Termékkód;Megnevezés;Bruttó ár;Készlet;Leírás",
        "JO-1;Jó termék;1270;5;Leírás",
        "NAN-1;Nem szám;NaN;1;",
        "INF-1;Végtelen;1;Infinity;",
        "HOSSZU-1;" + "x" * 131_072 + ";100;1;",
        "NUL-1;Nul\x00karakter;100;1;",
    ]
    path = tmp_path / "termekek.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = _import(db, path)
    errors = dict(report.errors)
    assert [row.code for row in report.good] == ["JO-1"]
    assert "bruttó ár nem szám" in errors[3]
    assert "készlet nem szám" in errors[4]
    assert "megnevezés legfeljebb 300 karakter" in errors[5]
    assert "vezérlőkaraktert" in errors[6]


def test_a_file_that_is_not_a_spreadsheet_is_refused_as_such(tmp_path: Path) -> None:
    fake = tmp_path / "termekek.xlsx"
    fake.write_bytes(b"this is not a zip file at all")
    with pytest.raises(ValidationError, match="nem olvasható Excel-fájlként"):
        imp.read_table(fake)


def test_reading_a_csv_leaves_pythons_csv_settings_alone(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "egy.csv"
    path.write_text("Termékkód\nA-1\n", encoding="utf-8")  # one column: the sniffer gives up
    imp.read_table(path)
    assert csv.excel.delimiter == ","
