"""Spreadsheet cells and files, and shop addresses, as a hostile user or file sends them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.catalog import Product
from app.db.database import Database
from app.db.shops import Shop

HEADER = "Termékkód;Megnevezés;Bruttó ár;Készlet;Kategória;Leírás"
GOOD = "JO-1;Jó termék;1000;5;Konyha;rendben"

# (case, the bad row's cells, what the row's message says)
BAD_CELLS = [
    ("price NaN", "R-1;Rossz;NaN;1;;", "bruttó ár nem szám"),
    ("price Infinity", "R-1;Rossz;Infinity;1;;", "bruttó ár nem szám"),
    ("price -Infinity", "R-1;Rossz;-Infinity;1;;", "bruttó ár nem szám"),
    ("price 1e20", "R-1;Rossz;1e20;1;;", "bruttó ár túl nagy"),
    ("price 14 nines", "R-1;Rossz;99999999999999;1;;", "bruttó ár túl nagy"),
    ("price 1e-10", "R-1;Rossz;0.0000000001;1;;", "legfeljebb 4 tizedesjegyű"),
    ("price negative", "R-1;Rossz;-5;1;;", "nem lehet negatív"),
    ("price words", "R-1;Rossz;sok pénz;1;;", "bruttó ár nem szám"),
    ("stock 4 decimals", "R-1;Rossz;100;1,2345;;", "készlet legfeljebb 3 tizedesjegyű"),
    ("stock 1e15", "R-1;Rossz;100;1000000000000000;;", "készlet túl nagy"),
    ("name 10000 chars", "R-1;" + "N" * 10_000 + ";100;1;;", "megnevezés legfeljebb 300 karakter"),
    ("name with NUL", "R-1;Rossz\x00név;100;1;;", "vezérlőkaraktert"),
    ("name with bell", "R-1;Rossz\x07név;100;1;;", "vezérlőkaraktert"),
    ("category 600 chars", "R-1;Rossz;100;1;" + "K" * 600 + ";", "kategória legfeljebb 500 karakter"),
    ("description 128 KB", "R-1;Rossz;100;1;;" + "L" * 131_072, "leírás legfeljebb 64000 karakter"),
    ("code with NUL", "R\x00-1;Rossz;100;1;;", "vezérlőkaraktert"),
    ("code 200 chars", "R" * 200 + ";Rossz;100;1;;", "termékkód legfeljebb 100 karakter"),
]


@pytest.mark.parametrize(("row", "message"), [c[1:] for c in BAD_CELLS], ids=[c[0] for c in BAD_CELLS])
def test_a_bad_cell_is_its_rows_message_and_only_the_good_row_comes_in(
    db: Database, tmp_path: Path, bolthid, row: str, message: str
) -> None:
    sheet = tmp_path / "termekek.csv"
    sheet.write_text(f"{HEADER}\n{row}\n{GOOD}\n", encoding="utf-8")
    result = bolthid("--db", db.url, "import", "products", str(sheet))
    assert message in result.text, result.text
    assert "2. sor" in result.text or "sor 2" in result.text or "2. sorában" in result.text, result.text
    with db.reading() as s:
        codes = set(s.scalars(select(Product.code)))
    assert codes == {"JO-1"}


def test_a_code_with_an_invisible_character_is_the_same_code(db: Database, tmp_path: Path, bolthid) -> None:
    sheet = tmp_path / "termekek.csv"
    sheet.write_text(f"{HEADER}\n{GOOD}\nJO\u200b-1;Ugyanaz;1000;5;;\n", encoding="utf-8")
    result = bolthid("--db", db.url, "import", "products", str(sheet))
    assert "3. sor: A(z) JO-1 termékkód már szerepelt" in result.text, result.text
    with db.reading() as s:
        assert s.scalar(select(func.count(Product.id))) == 1


# (case, file name, content, what the message says)
BAD_FILES = [
    ("text named xlsx", "termekek.xlsx", b"ez nem tablazat", "nem olvasható Excel-fájlként"),
    ("empty xlsx", "termekek.xlsx", b"", "nem olvasható Excel-fájlként"),
    (
        "zip that is no workbook",
        "termekek.xlsx",
        b"PK\x05\x06" + b"\x00" * 18,
        "nem olvasható Excel-fájlként",
    ),
    ("png named csv", "termekek.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 200, "nem szöveges fájl"),
    ("utf-16 csv", "termekek.csv", HEADER.encode("utf-16"), "nem szöveges fájl"),
    ("empty csv", "termekek.csv", b"", "üres"),
    ("header only", "termekek.csv", HEADER.encode() + b"\n", "nincs egyetlen kitöltött sor"),
    (
        "cell over the csv limit",
        "termekek.csv",
        f"{HEADER}\nR-1;{'x' * 200_000};1;1;;\n".encode(),
        "nem szabályos",
    ),
    ("unknown extension", "termekek.pdf", b"%PDF-1.4", "Excel (.xlsx) vagy CSV"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_a_file_that_is_no_spreadsheet_is_refused_as_such(
    db: Database, tmp_path: Path, bolthid, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = bolthid("--db", db.url, "import", "products", str(path))
    assert result.code != 0
    assert message in result.text, result.text
    with db.reading() as s:
        assert s.scalar(select(func.count(Product.id))) == 0


def test_a_missing_file_is_named(db: Database, tmp_path: Path, bolthid) -> None:
    result = bolthid("--db", db.url, "import", "products", str(tmp_path / "nincs-ilyen.xlsx"))
    assert result.code != 0 and "nincs-ilyen.xlsx" in result.text


# (case, URL, part of the message) – refused on `shop add`, nothing stored
BAD_URLS = [
    ("file", "file:///etc/passwd", "https://"),
    ("ftp", "ftp://api.unas.eu/shop/", "https://"),
    ("javascript", "javascript:alert(1)", "https://"),
    ("data", "data:text/xml,<Orders/>", "https://"),
    ("plain http to the internet", "http://api.unas.eu/shop/", "https://"),
    ("no host", "https:///shop/", "cím"),
    ("space in the host", "https://api unas.eu/shop/", "cím"),
    ("password in the address", "https://felhasznalo:jelszo@api.unas.eu/shop/", "cím"),
    ("very long", "https://" + "a" * 5000 + ".hu/shop/", "cím"),
]


@pytest.mark.parametrize(("url", "message"), [c[1:] for c in BAD_URLS], ids=[c[0] for c in BAD_URLS])
def test_a_shop_address_that_is_not_https_is_refused(
    db: Database, bolthid, url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("EGY-KULCS\n"))
    result = bolthid("--db", db.url, "shop", "add", "Bolt", "--api-key", "-", "--url", url)
    assert result.code != 0
    assert message in result.text, result.text
    with db.reading() as s:
        assert s.scalar(select(func.count(Shop.id))) == 0


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/shop/", "http://localhost:9/shop/"])
def test_plain_http_is_allowed_only_for_the_built_in_test_shop(
    db: Database, bolthid, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("EGY-KULCS\n"))
    assert bolthid("--db", db.url, "shop", "add", "Helyi", "--api-key", "-", "--url", url).code == 0
