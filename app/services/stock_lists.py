"""The stock lists: Készletkimutatás, Szállítók, Raktárközi átadások and Leltárak."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session, aliased

from app.db.catalog import Category, Product, ProductCategory, ProductKind, Unit
from app.db.counts import StockCount, StockCountLine
from app.db.documents import Document, DocumentKind, DocumentLine
from app.db.partners import Supplier
from app.db.stock import Warehouse
from app.services.list_columns import Column, ListSpec, Row
from app.services.stock import ZERO, on_hand_query, reserved_query

STOCK_REPORT_COLUMNS = (
    Column("code", "Termékkód"),
    Column("name", "Megnevezés"),
    Column("category", "Kategória"),
    Column("warehouse", "Raktár"),
    Column("location", "Tárolóhely"),
    Column("on_hand", "Készlet", "qty"),
    Column("reserved", "Foglalt", "qty"),
    Column("free", "Szabad", "qty"),
    Column("unit", "Egység"),
    Column("purchase_price", "Beszerzési ár", "price"),
    Column("value", "Készletérték (beszerzési áron)", "money"),
)


def first_category_paths() -> Subquery:
    """Each product's first (main) category path: the one at position 0 (positions start there)."""
    return (
        select(ProductCategory.product_id, Category.path)
        .join(Category, Category.id == ProductCategory.category_id)
        .where(ProductCategory.position == 0)
        .subquery()
    )


def stock_report_rows(session: Session) -> list[Row]:
    """Every goods product in every active warehouse – also where nothing is in stock (that is what a
    reorder looks for) –, the row's id being the product's (Megnyitás opens the product)."""
    on_hand = {(p, w): q for p, w, q in session.execute(on_hand_query())}
    reserved = {(p, w): q for p, w, q in session.execute(reserved_query())}
    warehouses = list(
        session.execute(
            select(Warehouse.id, Warehouse.name).where(Warehouse.active.is_(True)).order_by(Warehouse.id)
        )
    )
    category = first_category_paths()
    products = session.execute(
        select(
            Product.id,
            Product.code,
            Product.name,
            func.coalesce(category.c.path, ""),
            Product.location,
            Unit.name,
            Product.purchase_price,
        )
        .join(Unit, Unit.id == Product.unit_id)
        .outerjoin(category, category.c.product_id == Product.id)
        .where(Product.kind == ProductKind.GOODS)
        .order_by(Product.code)
    )
    out: list[Row] = []
    for pid, code, name, category, location, unit, price in products:
        for wid, warehouse in warehouses:
            qty = Decimal(on_hand.get((pid, wid)) or ZERO)
            held = Decimal(reserved.get((pid, wid)) or ZERO)
            value = (qty * price).quantize(Decimal("0.01")) if qty > 0 else Decimal("0.00")
            out.append(
                (pid, code, name, category, warehouse, location, qty, held, qty - held, unit, price, value)
            )
    return out


SUPPLIER_COLUMNS = (
    Column("name", "Név"),
    Column("tax_number", "Adószám"),
    Column("city", "Település"),
    Column("contact_name", "Kapcsolattartó"),
    Column("email", "E-mail"),
    Column("phone", "Telefon"),
    Column("bank_account", "Bankszámlaszám"),
)


def supplier_rows(session: Session) -> list[Row]:
    stmt = select(
        Supplier.id,
        Supplier.name,
        Supplier.tax_number,
        Supplier.city,
        Supplier.contact_name,
        Supplier.email,
        Supplier.phone,
        Supplier.bank_account,
    ).order_by(Supplier.name)
    return [tuple(r) for r in session.execute(stmt)]


TRANSFER_COLUMNS = (
    Column("number", "Sorszám"),
    Column("issue_date", "Kelt", "date"),
    Column("source", "Honnan"),
    Column("target", "Hová"),
    Column("lines", "Tételek", "int"),
    Column("net_total", "Érték (beszerzési áron)", "money"),
    Column("header_note", "Megjegyzés"),
)


def transfer_rows(session: Session) -> list[Row]:
    source, target = aliased(Warehouse), aliased(Warehouse)
    line_count = (
        select(func.count(DocumentLine.id))
        .where(DocumentLine.document_id == Document.id)
        .correlate(Document)
        .scalar_subquery()
    )
    stmt = (
        select(
            Document.id,
            Document.number,
            Document.issue_date,
            source.name,
            target.name,
            line_count,
            Document.net_total,
            Document.header_note,
        )
        .join(source, source.id == Document.warehouse_id)
        .join(target, target.id == Document.target_warehouse_id)
        .where(Document.kind == DocumentKind.TRANSFER)
        .order_by(Document.issue_date.desc(), Document.number.desc())
    )
    return [tuple(r) for r in session.execute(stmt)]


COUNT_COLUMNS = (
    Column("number", "Sorszám"),
    Column("warehouse", "Raktár"),
    Column("started", "Kezdés", "date"),
    Column("status", "Állapot"),
    Column("lines", "Termékek", "int"),
    Column("counted", "Megszámolva", "int"),
    Column("closed", "Lezárva", "date"),
)


def count_rows(session: Session) -> list[Row]:
    lines = (
        select(
            StockCountLine.count_id,
            func.count().label("lines"),
            func.count(StockCountLine.counted).label("counted"),
        )
        .group_by(StockCountLine.count_id)
        .subquery()
    )
    stmt = (
        select(
            StockCount.id,
            StockCount.number,
            Warehouse.name,
            StockCount.started_at,
            StockCount.closed_at,
            func.coalesce(lines.c.lines, 0),
            func.coalesce(lines.c.counted, 0),
        )
        .join(Warehouse, Warehouse.id == StockCount.warehouse_id)
        .outerjoin(lines, lines.c.count_id == StockCount.id)
        .order_by(StockCount.started_at.desc())
    )
    return [
        (
            i,
            number,
            warehouse,
            started,
            "Lezárva" if closed else "Folyamatban",
            n,
            counted,
            closed,
        )
        for i, number, warehouse, started, closed, n, counted in session.execute(stmt)
    ]


STOCK_LISTS = {
    "stock_report": ListSpec("stock_report", STOCK_REPORT_COLUMNS, stock_report_rows),
    "suppliers": ListSpec("suppliers", SUPPLIER_COLUMNS, supplier_rows),
    "transfers": ListSpec("transfers", TRANSFER_COLUMNS, transfer_rows),
    "stock_counts": ListSpec("stock_counts", COUNT_COLUMNS, count_rows),
}
