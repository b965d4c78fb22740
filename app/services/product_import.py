"""Törzsadatok importálása from an Excel (.xlsx) or CSV file: products, prices, opening stock.

Headers are recognised in Hungarian and English; the user may map any other header. Each bad row
is reported by the row number the spreadsheet shows, with the reason. Re-importing updates products
by code; stock is booked as an opening receipt of the *difference* to the current stock, so the
same file imported twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import Category, Product, ProductCategory, ProductKind, Unit, VatRate
from app.db.stock import Warehouse
from app.errors import ValidationError
from app.money import to_decimal
from app.services import documents as docs
from app.services.stock import stock_by_product_and_warehouse
from app.values.checks import (
    PRICE_DECIMALS,
    PRICE_LIMIT,
    QUANTITY_DECIMALS,
    QUANTITY_LIMIT,
    number_problem,
    text_problem,
)
from app.values.codes import clean_code

FIELDS = {
    "code": "Termékkód",
    "name": "Megnevezés",
    "unit": "Mennyiségi egység",
    "net_price": "Nettó eladási ár",
    "gross_price": "Bruttó eladási ár",
    "vat": "ÁFA",
    "purchase_price": "Beszerzési ár",
    "stock": "Készlet",
    "warehouse": "Raktár",
    "category": "Kategória",
    "webshop": "Webáruházas",
    "description": "Leírás",
}
ALIASES = {
    "code": ("cikkszam", "termekkod", "kod", "sku", "code", "product code", "item code"),
    "name": ("megnevezes", "nev", "termeknev", "termek neve", "name", "product name", "description name"),
    "unit": ("mennyisegi egyseg", "me", "m.e.", "egyseg", "unit", "uom"),
    "net_price": ("netto eladasi ar", "netto ar", "eladasi ar", "net price", "price"),
    "gross_price": ("brutto eladasi ar", "brutto ar", "gross price"),
    "vat": ("afa", "afa kulcs", "afakulcs", "afa-kulcs", "vat", "vat rate", "tax"),
    "purchase_price": ("beszerzesi ar", "beszerzesi netto ar", "purchase price", "cost"),
    "stock": ("keszlet", "mennyiseg", "nyitokeszlet", "stock", "quantity", "qty"),
    "warehouse": ("raktar", "warehouse"),
    "category": ("kategoria", "termekcsoport", "category"),
    "webshop": ("webaruhazas", "webaruhaz", "webshop", "online"),
    "description": ("leiras", "megjegyzes", "hosszu leiras", "description", "note"),
}
YES = {"igen", "i", "yes", "y", "1", "x", "true", "igaz"}
NO = {"nem", "n", "no", "0", "", "false", "hamis"}
MAX_ROWS = 200_000


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().strip())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", " ").split())


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def read_table(path: Path) -> Table:
    """The first sheet of an .xlsx, or a CSV (; or , separated, UTF-8 or Windows-1250)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        table = _read_csv(path.name, _read_bytes(path))
    else:
        raise ValidationError(f"Ismeretlen fájltípus: {path.name}. Excel (.xlsx) vagy CSV fájlt adjon meg.")
    if not table.rows:
        raise ValidationError(f"A(z) {path.name} fájlban a fejléc alatt nincs egyetlen kitöltött sor sem.")
    return table


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(f"A fájl nem található: {path}") from exc
    except OSError as exc:
        raise ValidationError(f"A fájl nem olvasható: {path}", str(exc)) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # openpyxl gives numbers as float; go through repr to keep "1299.9" exact, never via binary.
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value).strip()


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        # An .xlsx is a zip file; anything else under that name is refused as such.
        raise ValidationError(
            f"A(z) {path.name} nem olvasható Excel-fájlként (nem .xlsx formátumú, vagy sérült).", repr(exc)
        ) from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [_cell(v) for v in next(rows, ())]
        out = []
        for number, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values]
            if any(cells):
                out.append((number, cells))
            if len(out) > MAX_ROWS:
                raise ValidationError(f"A fájl túl sok sort tartalmaz (legfeljebb {MAX_ROWS}).")
        return Table(headers, out)
    finally:
        book.close()


class _SemicolonCsv(csv.excel):
    delimiter = ";"


def _read_csv(name: str, data: bytes) -> Table:
    if not data.strip():
        raise ValidationError(f"A(z) {name} üres.")
    sample = data[:65536]
    if sample.count(0) > len(sample) // 100 or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A picture, a PDF or a UTF-16 export under a .csv name: not text we can read as a table
        # (a stray NUL in a text cell is that row's error, see _text).
        raise ValidationError(
            f"A(z) {name} nem olvasható CSV-táblázatként (nem szöveges fájl). Mentse el Excelből "
            "„CSV (pontosvesszővel tagolt)” vagy .xlsx formátumban."
        )
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1250 decodes almost anything
        raise ValidationError("A CSV fájl kódolása ismeretlen (UTF-8 vagy Windows-1250 legyen).")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _SemicolonCsv  # a class of our own: setting csv.excel.delimiter changed it for everyone
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headers = [h.strip() for h in next(reader, [])]
        rows = [
            (n, [c.strip() for c in cells])
            for n, cells in enumerate(reader, start=2)
            if any(c.strip() for c in cells)
        ]
    except csv.Error as exc:  # a cell beyond the csv module's limit (128 KB), a stray quote …
        raise ValidationError(
            f"A(z) {name} nem szabályos CSV-táblázat a(z) {reader.line_num}. sorában (pl. túl hosszú cella "
            "vagy páratlan idézőjel).",
            str(exc),
        ) from exc
    return Table(headers, rows)


def guess_mapping(headers: Iterable[str]) -> dict[int, str]:
    """Column index → field, for the headers we recognise."""
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = fold(header)
        for name, aliases in ALIASES.items():
            if (key in aliases or key == fold(FIELDS[name])) and name not in found.values():
                found[index] = name
                break
    return found


@dataclass
class ProductRow:
    row: int
    code: str
    name: str | None
    unit: str | None
    net_price: Decimal | None
    gross_price: Decimal | None
    vat: str | None
    purchase_price: Decimal | None
    stock: Decimal | None
    warehouse: str | None
    category: str | None
    webshop: bool | None
    description: str | None


@dataclass
class ImportReport:
    good: list[ProductRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, Hungarian reason)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stock_lines: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{len(self.good)} jó sor: {self.created} új termék, {self.updated} módosult, "
            f"{self.unchanged} változatlan; {self.stock_lines} készletsor"
        )
        if self.errors:
            text += f"; {len(self.errors)} hibás sor (kihagyva)"
        return text


def validate(session: Session, table: Table, mapping: dict[int, str]) -> ImportReport:
    report = ImportReport()
    if "code" not in mapping.values():
        raise ValidationError(
            "Nincs termékkód oszlop: rendelje hozzá valamelyik oszlopot a Termékkód mezőhöz."
        )
    vat_codes = {c.lower(): c for c in session.scalars(select(VatRate.code))}
    warehouses = {w.lower(): w for w in session.scalars(select(Warehouse.name))}
    existing = {c.lower() for c in session.scalars(select(Product.code))}
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        values = {f: (cells[i] if i < len(cells) else "") for i, f in mapping.items()}
        try:
            row = _parse(number, values, vat_codes, warehouses, existing)
        except ValueError as exc:
            report.errors.append((number, str(exc)))
            continue
        key = row.code.lower()
        if key in seen:
            report.errors.append(
                (number, f"A(z) {row.code} termékkód már szerepelt a(z) {seen[key]}. sorban.")
            )
            continue
        seen[key] = number
        report.good.append(row)
    return report


# What the columns hold on both databases (app.db.types): a cell beyond them is a row's error,
# the same on SQLite and PostgreSQL, never a database error for the whole file.
NAME_LIMIT, CATEGORY_LIMIT, TEXT_LIMIT, UNIT_LIMIT = 300, 500, 64_000, 20


def _number(
    text: str, label: str, *, decimals: int = PRICE_DECIMALS, limit: Decimal = PRICE_LIMIT
) -> Decimal | None:
    if not text:
        return None
    try:
        value = to_decimal(text.replace("Ft", "").replace("%", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"a(z) {label} nem szám: „{_short(text)}”") from exc
    problem = number_problem(value, label, decimals=decimals, limit=limit)
    if problem:
        raise ValueError(problem)
    return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _text(value: str, label: str, limit: int, *, lines: bool = False) -> str:
    problem = text_problem(value, label, limit, lines=lines)
    if problem:
        raise ValueError(problem)
    return value


def _parse(
    number: int, v: dict[str, str], vat_codes: dict[str, str], warehouses: dict[str, str], existing: set[str]
) -> ProductRow:
    code = _text(clean_code(v.get("code", "")), "termékkód", 100)
    if not code:
        raise ValueError("hiányzik a termékkód")
    name = _text(v.get("name", "").strip(), "megnevezés", NAME_LIMIT) or None
    if name is None and code.lower() not in existing:
        raise ValueError("új terméknél kötelező a megnevezés")
    vat = v.get("vat", "").strip() or None
    if vat is not None:
        normal = vat.replace(" ", "").upper()
        if normal.replace(",", ".").replace(".0", "").rstrip("%").isdigit():
            normal = normal.rstrip("%") + "%"
        if normal.lower() not in vat_codes:
            raise ValueError(f"ismeretlen ÁFA-kulcs: „{vat}”")
        vat = vat_codes[normal.lower()]
    warehouse = v.get("warehouse", "").strip() or None
    if warehouse is not None:
        if warehouse.lower() not in warehouses:
            raise ValueError(f"ismeretlen raktár: „{warehouse}”")
        warehouse = warehouses[warehouse.lower()]
    flag = fold(v.get("webshop", "")) if "webshop" in v else None
    if flag is not None and flag not in YES | NO:
        raise ValueError(f"a Webáruházas oszlopban igen vagy nem álljon, nem „{v['webshop']}”")
    return ProductRow(
        row=number,
        code=code,
        name=name,
        unit=_text(v.get("unit", "").strip(), "egység", UNIT_LIMIT) or None,
        net_price=_number(v.get("net_price", ""), "nettó ár"),
        gross_price=_number(v.get("gross_price", ""), "bruttó ár"),
        vat=vat,
        purchase_price=_number(v.get("purchase_price", ""), "beszerzési ár"),
        stock=_number(v.get("stock", ""), "készlet", decimals=QUANTITY_DECIMALS, limit=QUANTITY_LIMIT),
        warehouse=warehouse,
        category=_text(v.get("category", "").strip(), "kategória", CATEGORY_LIMIT) or None,
        webshop=None if flag is None else flag in YES,
        description=_text(v.get("description", "").strip(), "leírás", TEXT_LIMIT, lines=True) or None,
    )


def apply(session: Session, report: ImportReport) -> ImportReport:
    """Create or update the good rows, then book the stock differences as opening receipts."""
    from app.services.products import _prices, normalize_category

    products = {p.code.lower(): p for p in session.scalars(select(Product))}
    vats = {v.code: v for v in session.scalars(select(VatRate))}
    units = {u.name: u for u in session.scalars(select(Unit))}
    categories = {c.path: c for c in session.scalars(select(Category))}
    default_vat = vats.get("27%") or next(iter(vats.values()))
    for row in report.good:
        product = products.get(row.code.lower())
        is_new = product is None
        if product is None:
            product = Product(
                code=row.code, kind=ProductKind.GOODS, note="", webshop=False, purchase_price=Decimal(0)
            )
            session.add(product)
            products[row.code.lower()] = product
        before = _snapshot(product)
        if row.name:
            product.name = row.name
        vat = vats[row.vat] if row.vat else (product.vat_rate if not is_new else default_vat)
        product.vat_rate = vat
        unit_name = row.unit or (product.unit.name if not is_new else "db")
        if unit_name not in units:
            units[unit_name] = Unit(name=unit_name)
            session.add(units[unit_name])
        product.unit = units[unit_name]
        if row.gross_price is not None or row.net_price is not None:
            from app.services.products import ProductInput

            product.net_price, product.gross_price = _prices(
                ProductInput(
                    code=row.code,
                    name="",
                    gross_price=row.gross_price,
                    net_price=row.net_price if row.gross_price is None else None,
                ),
                vat.percent,
            )
        elif is_new:
            product.net_price = product.gross_price = Decimal(0)
        if row.purchase_price is not None:
            product.purchase_price = row.purchase_price.quantize(Decimal("0.0001"))
        if row.description is not None:
            product.note = row.description
        if row.webshop is not None:
            product.webshop = row.webshop
        if row.category:
            path = normalize_category(row.category)
            if path not in categories:
                categories[path] = Category(path=path)
                session.add(categories[path])
            current = (
                product.category_links[0].category.path if (not is_new and product.category_links) else None
            )
            if current != path:
                product.category_links.clear()
                session.flush()
                product.category_links.append(ProductCategory(category=categories[path], position=0))
        if is_new:
            report.created += 1
        elif _snapshot(product) != before:
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    _book_stock(session, report, products)
    return report


def _snapshot(product: Product) -> tuple[object, ...]:
    return (
        product.name,
        product.vat_rate_id if product.vat_rate is None else product.vat_rate.id,
        product.unit.name if product.unit is not None else None,
        product.net_price,
        product.gross_price,
        product.purchase_price,
        product.note,
        product.webshop,
        tuple(link.category.path for link in product.category_links if link.category is not None),
    )


def _book_stock(session: Session, report: ImportReport, products: dict[str, Product]) -> None:
    wanted = [r for r in report.good if r.stock is not None]
    if not wanted:
        return
    warehouses = {w.name: w.id for w in session.scalars(select(Warehouse).order_by(Warehouse.id))}
    default = next(iter(warehouses.values()))
    levels = stock_by_product_and_warehouse(
        session, product_ids=[products[r.code.lower()].id for r in wanted]
    )
    by_warehouse: dict[int, list[docs.LineInput]] = {}
    for row in wanted:
        product = products[row.code.lower()]
        wid = warehouses[row.warehouse] if row.warehouse else default
        current = levels.get((product.id, wid))
        difference = row.stock - (current.on_hand if current else Decimal(0))  # type: ignore[operator]
        if difference > 0:
            price = row.purchase_price if row.purchase_price is not None else product.purchase_price
            by_warehouse.setdefault(wid, []).append(
                docs.LineInput(
                    quantity=difference, product_id=product.id, unit_price=price, price_is_gross=False
                )
            )
        elif difference < 0:
            recorded = current.on_hand if current else 0
            report.warnings.append(
                f"{row.row}. sor ({row.code}): a fájlban kevesebb a készlet ({row.stock}), mint "
                f"nyilvántartva ({recorded}); a csökkentést leltárral végezze (bolthid count start, majd "
                "count import), az import nem csökkent."
            )
        product.stock_recorded = True
    for wid, lines in by_warehouse.items():
        docs.create_purchase_receipt(
            session,
            docs.DocumentInput(
                lines=lines, warehouse_id=wid, header_note="Nyitókészlet (törzsadat-importálás)"
            ),
        )
        report.stock_lines += len(lines)
