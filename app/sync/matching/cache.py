"""Look-ups shared by the orders of one sync run, kept on the run's session.

A page of 500 orders asks the same questions hundreds of times (which product is "DEMO-0005", what
does the shop's "27%" map to). The answers are kept in ``session.info`` so that every matcher sees
them without extra parameters, and are dropped whenever a transaction of that session rolls back
(an id remembered from a rolled-back insert would point at nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from app.db.catalog import Product, VatRate

_KEY = "bolthid.match_cache"


@dataclass
class MatchCache:
    vat: dict[str, VatRate] = field(default_factory=dict)  # shop VAT code → VAT rate
    mappings: dict[tuple[int, str, str], int | None] = field(default_factory=dict)
    # lower-case code → product; the objects themselves: session.get() costs ~0.1 ms even on a hit
    products: dict[str, Product] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)  # lower-case codes not in the catalogue at page start
    units: dict[str, int] = field(default_factory=dict)  # unit id by name (products created from the shop)
    categories: dict[str, int] = field(default_factory=dict)  # category id by path
    methods: dict[tuple[int, str, str], object] = field(default_factory=dict)  # payment/shipping by name
    roles: dict[tuple[int, str], str | None] = field(default_factory=dict)  # service line → role
    customers: dict[str, int] = field(default_factory=dict)  # shop customer id → customer id
    # Filled per page by app.sync.matching.preload (None / empty: not preloaded, ask the database):
    order_links: dict[tuple[str, object], int] | None = None  # (UNAS key, order time) → link id
    page_customer_ids: set[str] = field(default_factory=set)  # shop ids whose links are in customers
    guests: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # e-mail → (id, name)
    page_emails: set[str] = field(default_factory=set)  # e-mails whose customers are in guests
    # customer id → its card as a document snapshots it (app.services.document_fill.SNAPSHOT_FIELDS)
    cards: dict[int, dict[str, Any]] = field(default_factory=dict)
    vat_rates: dict[str, VatRate] | None = None  # every rate by code (a document's lines are priced by them)
    # The session's identity map holds objects weakly; master data looked up once is held here so
    # that session.get() finds it again without a SELECT.
    held: list[object] = field(default_factory=list)


def _held_types() -> tuple[type, ...]:
    from app.db.catalog import PaymentMethod, Product, ShippingMethod, Unit, VatRate
    from app.db.shops import Shop
    from app.db.stock import Warehouse

    return (PaymentMethod, Product, ShippingMethod, Unit, VatRate, Shop, Warehouse)


def enable(session: Session) -> None:
    """Keep answers on this session until it rolls back."""
    if _KEY in session.info:
        return
    session.info[_KEY] = MatchCache()
    held = _held_types()

    def hold(_session: Session, instance: object) -> None:
        known = session.info.get(_KEY)
        if known is not None and isinstance(instance, held):
            known.held.append(instance)

    event.listen(session, "loaded_as_persistent", hold)
    event.listen(session, "pending_to_persistent", hold)
    event.listen(session, "after_rollback", _drop)


def get(session: Session) -> MatchCache | None:
    return session.info.get(_KEY)


def _drop(session: Session) -> None:
    if _KEY in session.info:
        session.info[_KEY] = MatchCache()
