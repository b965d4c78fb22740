"""The Szinkronizációs napló (runs and their record events) and the per-shop sync lease."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime
from app.timeutil import utcnow


class SyncRun(Base):
    """One sync run of one shop (orders or products), as the Szinkronizációs napló lists it."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # orders | products
    trigger: Mapped[str] = mapped_column(String(20), default="auto")  # auto | button | cli
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(
        String(20), default="running"
    )  # running | ok | partial | error | skipped
    summary: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    workstation: Mapped[str] = mapped_column(String(100), default="")


class SyncEvent(Base):
    """One record-level event of a run: an order imported, a product pushed, an error and its reason."""

    __tablename__ = "sync_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("sync_runs.id", ondelete="CASCADE"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))  # order | product | stock | image | writeback | message
    status: Mapped[str] = mapped_column(String(20))  # ok | error | held
    ref: Mapped[str] = mapped_column(String(100), default="")  # order key or product code
    message: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class SyncLease(Base):
    """Who syncs a shop right now: one workstation at a time, across a shared database."""

    __tablename__ = "sync_leases"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))  # workstation:process:thread
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Shown to a user who finds the shop busy: which workstation, and since when.
    workstation: Mapped[str] = mapped_column(String(100), default="", server_default="")
    acquired_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
