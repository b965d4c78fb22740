"""Kiegyenlítés: money received against an invoice, in part or in full.

An issued invoice is never changed by a payment: payments are rows of their own, and what is
still open is the invoice's payable amount, with its corrections, less what was paid.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.catalog import _enum
from app.db.types import Money, UtcDateTime
from app.timeutil import utcnow


class PaymentWay(enum.StrEnum):
    CASH = "cash"  # készpénz
    TRANSFER = "transfer"  # átutalás
    CARD = "card"  # bankkártya
    ONLINE = "online"  # a webáruházban, online


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money())
    way: Mapped[PaymentWay] = mapped_column(_enum(PaymentWay))
    note: Mapped[str] = mapped_column(Text, default="")
    # "user" (entered here) or "shop" (the webshop said the order was paid by card or online)
    source: Mapped[str] = mapped_column(String(20), default="user")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
