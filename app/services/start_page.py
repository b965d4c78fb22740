"""Kezdőlap: what needs the owner today, counted from the database, and the last 30 days.

Each count names a list the start page opens with one click; the daily figures feed the small
chart (orders per day, and their gross value in HUF).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.shop_links import ShopOrderLink, ShopProductLink
from app.services import nav_outbox
from app.services.payments import overdue_count
from app.services.stock import oversold_count

CHART_DAYS = 30
HELD_LINKS = ("held", "error")


@dataclass(frozen=True)
class Day:
    day: date
    orders: int
    gross: Decimal  # the orders' gross total in HUF (other currencies at their recorded rate)


@dataclass(frozen=True)
class StartSummary:
    orders_to_invoice: int
    nav_waiting: int
    nav_rejected: int
    held_orders: int
    failed_pushes: int
    negative_stock: int
    days: list[Day]
    overdue_invoices: int = 0


def start_summary(session: Session, today: date) -> StartSummary:
    open_orders = session.scalar(
        select(func.count()).where(
            Document.kind == DocumentKind.CUSTOMER_ORDER, Document.status == DocumentStatus.OPEN
        )
    )
    nav = nav_outbox.status(session)
    held = session.scalar(
        select(func.count()).where(ShopOrderLink.status.in_(HELD_LINKS), ShopOrderLink.document_id.is_(None))
    )
    failed_pushes = session.scalar(select(func.count()).where(ShopProductLink.error != ""))
    negative = oversold_count(session)
    return StartSummary(
        orders_to_invoice=open_orders or 0,
        nav_waiting=nav.waiting,
        nav_rejected=nav.rejected,
        held_orders=held or 0,
        failed_pushes=failed_pushes or 0,
        negative_stock=negative,
        days=daily_orders(session, today),
        overdue_invoices=overdue_count(session, today),
    )


def daily_orders(session: Session, today: date, days: int = CHART_DAYS) -> list[Day]:
    """Orders per day (by their date) for the ``days`` days up to ``today``, empty days included."""
    first = today - timedelta(days=days - 1)
    # Summed here, not in SQL: money columns are stored scaled (app.db.types), so SQL arithmetic on
    # them would be off; 30 days of orders are few rows.
    rows = session.execute(
        select(Document.issue_date, Document.gross_total, Document.exchange_rate).where(
            Document.kind == DocumentKind.CUSTOMER_ORDER,
            Document.status != DocumentStatus.CANCELLED,
            Document.issue_date >= first,
            Document.issue_date <= today,
        )
    ).all()
    counts: dict[date, int] = {}
    totals: dict[date, Decimal] = {}
    for day, gross, rate in rows:
        counts[day] = counts.get(day, 0) + 1
        totals[day] = totals.get(day, Decimal(0)) + gross * (rate or Decimal(1))
    out = []
    for i in range(days):
        day = first + timedelta(days=i)
        out.append(Day(day, counts.get(day, 0), totals.get(day, Decimal(0)).quantize(Decimal(1))))
    return out
