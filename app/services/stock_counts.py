"""Leltár: count a warehouse against its book stock, then book the differences.

Starting a count freezes the book stock of every product in the warehouse; counted quantities
are entered (or imported by product code); closing books counted − book as a shortage and a
surplus document. Movements after the start (a sale, a receipt) are not undone: only the
difference to the frozen figure is booked, and the close shows them beside it. Open orders'
reservations are untouched, and the next Termék szinkron pushes the new free stock.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.catalog import Product, ProductKind
from app.db.counts import StockCount, StockCountLine
from app.db.documents import Document
from app.db.stock import Warehouse
from app.errors import NotFoundError, ValidationError
from app.services import documents as docs
from app.services import numbering
from app.services.stock import on_hand_query
from app.timeutil import budapest_today, to_local, utcnow
from app.values.checks import QUANTITY_DECIMALS, QUANTITY_LIMIT, number_problem

ZERO = Decimal(0)


@dataclass(frozen=True)
class Difference:
    code: str
    name: str
    book: Decimal
    counted: Decimal | None
    moved_since: Decimal  # on hand now − book: what happened after the start

    @property
    def difference(self) -> Decimal:
        return ZERO if self.counted is None else self.counted - self.book


@dataclass
class CountImport:
    applied: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CountSheet:
    """One count as its form shows it."""

    number: str
    warehouse: str
    is_open: bool
    lines: list[Difference]
    shortage: Decimal
    surplus: Decimal
    documents: str  # the shortage and surplus documents booked at the close


def count_sheet(session: Session, count_id: int) -> CountSheet:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFoundError("A leltár nem található.")
    warehouse = session.get(Warehouse, count.warehouse_id)
    shortage, surplus = difference_value(session, count_id)
    booked = [
        doc.number
        for doc_id in (count.shortage_document_id, count.surplus_document_id)
        if doc_id is not None and (doc := session.get(Document, doc_id)) is not None
    ]
    return CountSheet(
        count.number,
        warehouse.name if warehouse else "",
        count.open_warehouse_id is not None,
        differences(session, count_id),
        shortage,
        surplus,
        ", ".join(booked),
    )


def start_count(session: Session, warehouse_id: int, today: date | None = None) -> StockCount:
    warehouse = session.get(Warehouse, warehouse_id)
    if warehouse is None:
        raise ValidationError("A kiválasztott raktár nem létezik.")
    running = session.scalar(select(StockCount).where(StockCount.open_warehouse_id == warehouse_id))
    if running is not None:
        raise _already_counting(warehouse.name, running)
    count = StockCount(
        number=numbering.allocate_number(session, numbering.COUNT_PREFIX, today or budapest_today()),
        warehouse_id=warehouse_id,
        open_warehouse_id=warehouse_id,
        started_by=platform.node()[:100],
    )
    try:
        with session.begin_nested():  # another workstation may start one at the same moment
            session.add(count)
            session.flush()
    except IntegrityError as exc:
        running = session.scalar(select(StockCount).where(StockCount.open_warehouse_id == warehouse_id))
        raise _already_counting(warehouse.name, running) from exc
    on_hand = _on_hand(session, warehouse_id)
    goods = session.execute(
        select(Product.id, Product.purchase_price)
        .where(Product.kind == ProductKind.GOODS)
        .order_by(Product.code)
    )
    session.add_all(
        StockCountLine(
            count_id=count.id,
            product_id=product_id,
            book_quantity=Decimal(on_hand.get(product_id) or 0),
            unit_cost=cost or ZERO,
            position=position,
        )
        for position, (product_id, cost) in enumerate(goods, start=1)
    )
    session.flush()
    return count


def _on_hand(session: Session, warehouse_id: int) -> dict[int, Decimal]:
    return {product: qty for product, _wh, qty in session.execute(on_hand_query([warehouse_id]))}


def _already_counting(warehouse: str, running: StockCount | None) -> ValidationError:
    who = ""
    if running is not None:
        started = to_local(running.started_at)
        who = f" ({running.number}, indította: {running.started_by}, {started:%Y.%m.%d. %H:%M})"
    return ValidationError(
        f"A(z) {warehouse} raktárban már folyik egy leltár{who}. Folytassa vagy zárja le azt."
    )


def find_count(session: Session, number: str) -> StockCount:
    count = session.scalar(select(StockCount).where(StockCount.number == number.strip()))
    if count is None:
        raise NotFoundError(f"Nincs ilyen leltár: {number}")
    return count


def _open(session: Session, count_id: int) -> StockCount:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFoundError("A leltár nem található.")
    if count.open_warehouse_id is None:
        raise ValidationError(f"A(z) {count.number} leltárt már lezárták, nem módosítható.")
    return count


def _quantity_problem(value: Decimal) -> str | None:
    return number_problem(value, "leltározott mennyiség", decimals=QUANTITY_DECIMALS, limit=QUANTITY_LIMIT)


def set_counted(session: Session, count_id: int, counted: dict[str, Decimal]) -> None:
    """Counted quantities by product code (every one checked before any is written)."""
    count = _open(session, count_id)
    lines = _lines_by_code(session, count)
    for code, value in counted.items():
        if code.lower() not in lines:
            raise ValidationError(
                f"A(z) {code} termék nincs a(z) {count.number} leltárban (nincs ilyen készletes termék)."
            )
        problem = _quantity_problem(value)
        if problem:
            raise ValidationError(f"A(z) {code} termék: {problem}.")
    for code, value in counted.items():
        lines[code.lower()].counted = value
    session.flush()


def _lines_by_code(session: Session, count: StockCount) -> dict[str, StockCountLine]:
    rows = session.execute(
        select(func.lower(Product.code), StockCountLine)
        .join(Product, Product.id == StockCountLine.product_id)
        .where(StockCountLine.count_id == count.id)
    )
    return {code: line for code, line in rows}


CODE_HEADERS = {"termekkod", "cikkszam", "kod", "code", "sku"}
COUNT_HEADERS = {"leltarozott", "szamolt", "mennyiseg", "darab", "keszlet", "counted", "quantity", "qty"}


def import_counted(session: Session, count_id: int, path: Path) -> CountImport:
    """Counted quantities from an .xlsx or CSV (product code + counted quantity). A row with an
    unknown code or a bad quantity is reported with its row number and books nothing."""
    from app.money import to_decimal
    from app.services.product_import import fold, read_table

    count = _open(session, count_id)
    table = read_table(path)
    headers = [fold(h) for h in table.headers]
    code_col = next((i for i, h in enumerate(headers) if h in CODE_HEADERS), None)
    qty_col = next((i for i, h in enumerate(headers) if h in COUNT_HEADERS), None)
    if code_col is None or qty_col is None:
        raise ValidationError(
            f"A(z) {path.name} fejlécében kell egy „Termékkód” és egy „Leltározott” "
            "(vagy „Mennyiség”) oszlop."
        )
    lines = _lines_by_code(session, count)
    report = CountImport()
    for number, cells in table.rows:
        code = cells[code_col].strip() if code_col < len(cells) else ""
        text = cells[qty_col].strip() if qty_col < len(cells) else ""
        line = lines.get(code.lower())
        if line is None:
            report.errors.append(f"{number}. sor: ismeretlen termékkód: {code or '(üres)'}")
            continue
        try:
            value = to_decimal(text.replace(" ", "").replace(",", "."))
        except (ArithmeticError, ValueError):
            report.errors.append(f"{number}. sor ({code}): a leltározott mennyiség nem szám: {text}")
            continue
        problem = _quantity_problem(value)
        if problem:
            report.errors.append(f"{number}. sor ({code}): {problem}")
            continue
        line.counted = value
        report.applied += 1
    session.flush()
    return report


def differences(session: Session, count_id: int) -> list[Difference]:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFoundError("A leltár nem található.")
    now = _on_hand(session, count.warehouse_id)
    rows = session.execute(
        select(Product.code, Product.name, StockCountLine)
        .join(Product, Product.id == StockCountLine.product_id)
        .where(StockCountLine.count_id == count_id)
        .order_by(StockCountLine.position)
    )
    return [
        Difference(
            code,
            name,
            line.book_quantity,
            line.counted,
            Decimal(now.get(line.product_id) or 0) - line.book_quantity,
        )
        for code, name, line in rows
    ]


def difference_value(session: Session, count_id: int) -> tuple[Decimal, Decimal]:
    """The shortage's and the surplus's value at the purchase price frozen at the start."""
    shortage = surplus = ZERO
    for line in session.scalars(select(StockCountLine).where(StockCountLine.count_id == count_id)):
        if line.counted is None:
            continue
        value = (line.counted - line.book_quantity) * line.unit_cost
        if value < 0:
            shortage -= value
        else:
            surplus += value
    return shortage.quantize(Decimal("0.01")), surplus.quantize(Decimal("0.01"))


def close_count(session: Session, count_id: int) -> StockCount:
    """Books the differences; a second workstation closing the same count at the same moment is
    refused (the closing UPDATE matches only an open count)."""
    count = _open(session, count_id)
    closed = session.execute(
        update(StockCount)
        .where(StockCount.id == count_id, StockCount.open_warehouse_id.is_not(None))
        .values(open_warehouse_id=None, closed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationError(f"A(z) {count.number} leltárt közben egy másik gépen lezárták.")
    session.refresh(count)
    short: list[tuple[int, Decimal, Decimal]] = []
    extra: list[tuple[int, Decimal, Decimal]] = []
    for line in session.scalars(select(StockCountLine).where(StockCountLine.count_id == count_id)):
        if line.counted is None or line.counted == line.book_quantity:
            continue
        diff = line.counted - line.book_quantity
        (short if diff < 0 else extra).append((line.product_id, diff, line.unit_cost))
    note = f"A(z) {count.number} leltár eltérése"
    if short:
        count.shortage_document_id = docs.create_stock_adjustment(
            session, count.warehouse_id, short, numbering.SHORTAGE_PREFIX, f"Leltárhiány – {note}"
        ).id
    if extra:
        count.surplus_document_id = docs.create_stock_adjustment(
            session, count.warehouse_id, extra, numbering.SURPLUS_PREFIX, f"Leltártöbblet – {note}"
        ).id
    session.flush()
    return count
