"""One page of orders, looked up at once: its order links and its buyers.

Before a page's orders are imported one by one, the links and customers they may have are read in
a few queries (not several per order), into the page's cache (app.sync.matching.cache). What is
not found there is known not to exist when the page began: an order or customer another
workstation adds meanwhile still meets the unique constraints, and the clash is handled as before
(app.sync.order_sync._import_one). A rollback drops the cache, and the look-ups query again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.db.partners import Customer
from app.db.shop_links import ShopCustomerLink, ShopOrderLink
from app.services.document_fill import SNAPSHOT_FIELDS
from app.sync.matching import cache
from app.unas.records import ShopOrder

# SQLite allows a limited number of bound parameters per statement.
CHUNK = 500
_ORDER_LINKS = cast(Table, ShopOrderLink.__table__)
_CUSTOMER_LINKS = cast(Table, ShopCustomerLink.__table__)
_CUSTOMERS = cast(Table, Customer.__table__)


def preload_page(session: Session, shop_id: int, orders: Sequence[ShopOrder]) -> None:
    known = cache.get(session)
    if known is None or not orders:
        return
    connection = session.connection()
    links: dict[tuple[str, object], int] = {}
    for chunk in _chunks({o.unas_key for o in orders}):
        rows = connection.execute(
            select(_ORDER_LINKS.c.id, _ORDER_LINKS.c.order_key, _ORDER_LINKS.c.order_date).where(
                _ORDER_LINKS.c.shop_id == shop_id, _ORDER_LINKS.c.order_key.in_(chunk)
            )
        )
        links.update(((row.order_key, row.order_date), row.id) for row in rows)
    known.order_links = links
    card = [_CUSTOMERS.c.id, *(_CUSTOMERS.c[name] for name in SNAPSHOT_FIELDS)]
    shop_ids = {o.customer.id for o in orders if o.customer.id}
    for chunk in _chunks(shop_ids):
        rows = connection.execute(
            select(_CUSTOMER_LINKS.c.shop_customer_id, *card)
            .join(_CUSTOMERS, _CUSTOMERS.c.id == _CUSTOMER_LINKS.c.customer_id)
            .where(_CUSTOMER_LINKS.c.shop_id == shop_id, _CUSTOMER_LINKS.c.shop_customer_id.in_(chunk))
        )
        for row in rows:
            known.customers[row.shop_customer_id] = row.id
            known.cards[row.id] = _card(row)
    known.page_customer_ids = shop_ids
    guests: dict[str, list[tuple[int, str]]] = {}
    emails = {(o.customer.email or "").strip().lower() for o in orders}
    lowered = func.lower(_CUSTOMERS.c.email).label("lowered")
    for chunk in _chunks(emails):
        for row in connection.execute(select(lowered, *card).where(lowered.in_(chunk))):
            guests.setdefault(row.lowered, []).append((row.id, row.name))
            known.cards[row.id] = _card(row)
    known.guests = guests
    known.page_emails = emails


def _card(row: object) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SNAPSHOT_FIELDS}


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
