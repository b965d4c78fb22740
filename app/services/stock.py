"""Stock figures: on hand from the ledger, reserved by open customer orders, free = on hand − reserved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import Session

from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus
from app.db.stock import StockMove

ZERO = Decimal("0.000")


@dataclass(frozen=True)
class StockLevel:
    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO

    @property
    def free(self) -> Decimal:
        return self.on_hand - self.reserved


# The lines that hold stock back: goods lines of open customer orders (join Document to use it).
RESERVING = (
    Document.kind == DocumentKind.CUSTOMER_ORDER,
    Document.status == DocumentStatus.OPEN,
    DocumentLine.stock_item.is_(True),
    DocumentLine.product_id.is_not(None),
)


def on_hand_query(
    warehouse_ids: Iterable[int] | None = None, product_ids: Iterable[int] | None = None
) -> Select[int, int, Decimal]:
    stmt = select(StockMove.product_id, StockMove.warehouse_id, func.sum(StockMove.quantity)).group_by(
        StockMove.product_id, StockMove.warehouse_id
    )
    if warehouse_ids is not None:
        stmt = stmt.where(StockMove.warehouse_id.in_(list(warehouse_ids)))
    if product_ids is not None:
        stmt = stmt.where(StockMove.product_id.in_(list(product_ids)))
    return stmt


def reserved_query(
    warehouse_ids: Iterable[int] | None = None, product_ids: Iterable[int] | None = None
) -> Select[int | None, int, Decimal]:
    stmt = (
        select(DocumentLine.product_id, Document.warehouse_id, func.sum(DocumentLine.quantity))
        .join(Document, DocumentLine.document_id == Document.id)
        .where(*RESERVING)
        .group_by(DocumentLine.product_id, Document.warehouse_id)
    )
    if warehouse_ids is not None:
        stmt = stmt.where(Document.warehouse_id.in_(list(warehouse_ids)))
    if product_ids is not None:
        stmt = stmt.where(DocumentLine.product_id.in_(list(product_ids)))
    return stmt


def stock_by_product_and_warehouse(
    session: Session, warehouse_ids: Iterable[int] | None = None, product_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], StockLevel]:
    ids = list(warehouse_ids) if warehouse_ids is not None else None
    pids = list(product_ids) if product_ids is not None else None
    on_hand = {(p, w): q for p, w, q in session.execute(on_hand_query(ids, pids))}
    # The query keeps lines with a product only (no NULL product ids).
    reserved = {(p, w): q for p, w, q in session.execute(reserved_query(ids, pids)) if p is not None}
    return {
        key: StockLevel(on_hand=on_hand.get(key, ZERO), reserved=reserved.get(key, ZERO))
        for key in on_hand.keys() | reserved.keys()
    }


def stock_by_product(session: Session, warehouse_ids: Iterable[int] | None = None) -> dict[int, StockLevel]:
    """Stock per product, summed over the given warehouses (all when None)."""
    totals: dict[int, StockLevel] = {}
    for (product_id, _w), level in stock_by_product_and_warehouse(session, warehouse_ids).items():
        prev = totals.get(product_id, StockLevel())
        totals[product_id] = StockLevel(prev.on_hand + level.on_hand, prev.reserved + level.reserved)
    return totals


def stock_level(session: Session, product_id: int, warehouse_id: int | None = None) -> StockLevel:
    on_hand = select(func.sum(StockMove.quantity)).where(StockMove.product_id == product_id)
    reserved = (
        select(func.sum(DocumentLine.quantity))
        .join(Document, DocumentLine.document_id == Document.id)
        .where(
            DocumentLine.product_id == product_id,
            DocumentLine.stock_item.is_(True),
            Document.kind == DocumentKind.CUSTOMER_ORDER,
            Document.status == DocumentStatus.OPEN,
        )
    )
    if warehouse_id is not None:
        on_hand = on_hand.where(StockMove.warehouse_id == warehouse_id)
        reserved = reserved.where(Document.warehouse_id == warehouse_id)
    return StockLevel(session.scalar(on_hand) or ZERO, session.scalar(reserved) or ZERO)


def oversold_count(session: Session) -> int:
    """Products whose free stock (on hand − reserved, all warehouses) is below zero.

    One SQL count instead of every product's stock in Python (the start page asks at every
    change, with 100,000 products): the stock moves and the reserving lines (negated) are read
    once, as one list, and summed per product – a product with a reservation and no stock, or
    with stock gone below zero and no reservation, is counted the same way. Both are the same
    Quantity type – scaled integers on SQLite – so the sum is exact.
    """
    moves = union_all(
        select(StockMove.product_id.label("pid"), StockMove.quantity.label("qty")),
        select(DocumentLine.product_id, -DocumentLine.quantity)
        .join(Document, DocumentLine.document_id == Document.id)
        .where(*RESERVING),
    ).subquery()
    short = select(moves.c.pid).group_by(moves.c.pid).having(func.sum(moves.c.qty) < 0).subquery()
    return session.scalar(select(func.count()).select_from(short)) or 0


def order_reservations(session: Session, order_id: int) -> list[tuple[str, Decimal, Decimal]]:
    """(product code, quantity this open order reserves, the product's free stock now) per stock
    line, in the order's warehouse; empty for an order that no longer reserves (closed, cancelled)."""
    order = session.get(Document, order_id)
    if order is None or order.kind != DocumentKind.CUSTOMER_ORDER or order.status != DocumentStatus.OPEN:
        return []
    lines = [ln for ln in order.lines if ln.stock_item and ln.product_id is not None]
    levels = stock_by_product_and_warehouse(
        session, [order.warehouse_id], [ln.product_id for ln in lines if ln.product_id is not None]
    )
    out = []
    for line in lines:
        assert line.product_id is not None
        level = levels.get((line.product_id, order.warehouse_id), StockLevel())
        out.append((line.product_code, line.quantity, level.free))
    return out
