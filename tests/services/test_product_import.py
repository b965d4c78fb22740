"""Törzsadatok importálása: 5,000 rows with 20 bad ones, reported by row number; a second import of
the same file changes nothing; Hungarian CSV headers; the difference of stock is booked."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from app.db.catalog import Product
from app.db.database import Database
from app.db.stock import StockMove
from app.services import product_import as imp
from app.services.stock import stock_level

HEADERS = [
    "Cikkszám",
    "Megnevezés",
    "Mennyiségi egység",
    "Nettó eladási ár",
    "ÁFA",
    "Beszerzési ár",
    "Készlet",
    "Raktár",
    "Kategória",
    "Webáruházas",
    "Leírás",
]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _run(db: Database, path: Path) -> imp.ImportReport:
    table = imp.read_table(path)
    with db.transaction() as s:
        report = imp.validate(s, table, imp.guess_mapping(table.headers))
        return imp.apply(s, report)


def _state(db: Database) -> tuple[object, ...]:
    with db.reading() as s:
        products = tuple(
            (p.code, p.name, p.net_price, p.gross_price, p.purchase_price, p.note, p.webshop, p.updated_at)
            for p in s.scalars(select(Product).order_by(Product.code))
        )
        moves = s.scalar(select(func.count()).select_from(StockMove))
    return products, moves


def test_5000_rows_with_20_bad_ones_and_a_repeat_changes_nothing(db: Database, tmp_path: Path) -> None:
    rows: list[list[object]] = []
    bad_rows: dict[int, str] = {}
    for n in range(5000):
        row: list[object] = [
            f"IMP-{n:05d}",
            f"Importált termék {n}",
            "db",
            1000 + n,
            "27%",
            600.5,
            n % 7,
            "Központi raktár",
            f"Csoport {n % 10}|Al {n % 3}",
            "igen" if n % 2 else "nem",
            f"Leírás {n}",
        ]
        sheet_row = n + 2  # the header is row 1
        if n % 250 == 17:
            kind = (n // 250) % 4
            if kind == 0:
                row[4] = "33%"
                bad_rows[sheet_row] = "ismeretlen ÁFA-kulcs"
            elif kind == 1:
                row[3] = "sok"
                bad_rows[sheet_row] = "nem szám"
            elif kind == 2:
                row[0] = f"IMP-{n - 1:05d}"
                bad_rows[sheet_row] = "már szerepelt"
            else:
                row[9] = "talán"
                bad_rows[sheet_row] = "igen vagy nem"
        rows.append(row)
    assert len(bad_rows) == 20
    path = _xlsx(tmp_path / "torzs.xlsx", rows)
    report = _run(db, path)
    assert dict((n, next(k for k in bad_rows.values() if k in r)) for n, r in report.errors) == bad_rows
    assert (report.created, len(report.good)) == (4980, 4980)
    with db.reading() as s:
        p = s.scalar(select(Product).where(Product.code == "IMP-00006"))
        assert p is not None and (p.net_price, p.gross_price, p.purchase_price) == (
            D(1006),
            D("1277.62"),
            D("600.5"),
        )
        assert p.categories == ["Csoport 6|Al 0"] and p.note == "Leírás 6" and p.webshop is False
        assert stock_level(s, p.id).on_hand == 6
    before = _state(db)
    again = _run(db, path)
    assert (again.created, again.updated, again.stock_lines) == (0, 0, 0) and again.unchanged == 4980
    assert _state(db) == before


def test_csv_with_semicolons_and_hungarian_numbers_books_only_the_difference(
    db: Database, tmp_path: Path
) -> None:
    csv = tmp_path / "termekek.csv"
    csv.write_text(
        "Termékkód;Megnevezés;Bruttó eladási ár;ÁFA;Készlet;Webáruházas\n"
        "CSV-1;Árvíztűrő tükörfúrógép;12 700;27;5;igen\n"
        "CSV-2;Könyv;4990,00;5%;;nem\n",
        encoding="cp1250",
    )
    report = _run(db, csv)
    assert report.errors == [] and report.created == 2
    with db.reading() as s:
        p = s.scalar(select(Product).where(Product.code == "CSV-1"))
        assert (
            p is not None and p.name == "Árvíztűrő tükörfúrógép" and p.gross_price == D(12700) and p.webshop
        )
        assert stock_level(s, p.id).on_hand == 5
    csv.write_text(csv.read_text(encoding="cp1250").replace(";5;igen", ";8;igen"), encoding="cp1250")
    again = _run(db, csv)
    assert again.stock_lines == 1
    with db.reading() as s:
        assert stock_level(s, s.scalar(select(Product.id).where(Product.code == "CSV-1"))).on_hand == 8  # type: ignore[arg-type]


def test_a_file_without_a_code_column_is_explained(db: Database, tmp_path: Path) -> None:
    import pytest

    from app.errors import ValidationError

    path = tmp_path / "x.csv"
    path.write_text("Valami;Más\n1;2\n", encoding="utf-8")
    table = imp.read_table(path)
    with db.reading() as s, pytest.raises(ValidationError, match="Nincs termékkód oszlop"):
        imp.validate(s, table, imp.guess_mapping(table.headers))
    # the user maps the header by hand in the preview
    with db.transaction() as s:
        report = imp.validate(s, table, {0: "code", 1: "name"})
        imp.apply(s, report)
    assert report.created == 1
