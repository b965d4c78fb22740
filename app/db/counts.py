"""Leltár: a stock count of one warehouse – the book stock frozen when it starts, what was counted,
and the shortage and surplus documents it booked when closed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base
from app.db.types import Quantity, UnitPrice, UtcDateTime
from app.timeutil import utcnow


class StockCount(Base):
    __tablename__ = "stock_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    # The warehouse while the count is open, NULL once closed: a unique column, so two workstations
    # can never have two open counts of one warehouse (both databases allow many NULLs).
    open_warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"), unique=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    started_by: Mapped[str] = mapped_column(String(100), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    shortage_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    surplus_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    lines: Mapped[list[StockCountLine]] = relationship(
        back_populates="count", order_by="StockCountLine.id", cascade="all, delete-orphan"
    )


class StockCountLine(Base):
    __tablename__ = "stock_count_lines"
    __table_args__ = (UniqueConstraint("count_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    book_quantity: Mapped[Decimal] = mapped_column(Quantity())  # on hand when the count started
    counted: Mapped[Decimal | None] = mapped_column(Quantity())  # None: not counted (yet)
    unit_cost: Mapped[Decimal] = mapped_column(UnitPrice())  # purchase price at the start
    position: Mapped[int] = mapped_column(Integer, default=0)

    count: Mapped[StockCount] = relationship(back_populates="lines")
