"""Warehouses and the stock ledger: every movement is a row tied to the document line behind it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import Quantity, UnitPrice, UtcDateTime
from app.timeutil import utcnow


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StockMove(Base):
    """One movement of stock; positive quantities come in, negative go out.

    On hand = the sum of moves. Reservations are not moves: they are the lines of open customer
    orders, so cancelling or invoicing an order releases them without bookkeeping of its own.
    """

    __tablename__ = "stock_moves"
    __table_args__ = (Index("ix_stock_moves_product_warehouse", "product_id", "warehouse_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    document_line_id: Mapped[int] = mapped_column(ForeignKey("document_lines.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(Quantity())
    # Purchase price of an incoming move; the basis of stock value and margin reports.
    unit_cost: Mapped[Decimal | None] = mapped_column(UnitPrice())
    moved_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
