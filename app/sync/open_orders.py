"""The daily look at open imported orders: one that vanished from the shop is flagged, not cancelled.

The user confirms by cancelling it (UNAS may have deleted it, or given its key to a new order).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.db.database import Database
from app.db.documents import Document, DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.sync import order_links
from app.timeutil import utcnow
from app.unas import limits, orders
from app.unas.client import UnasClient
from app.unas.errors import UnasError
from app.unas.records import OrderQuery

# Open imported orders are looked up by key this often; each look-up is a single-order call.
OPEN_ORDER_CHECK_EVERY = timedelta(hours=24)
# Single-order getOrder calls left for everything else when the daily check runs (of 1000/hour).
SINGLE_BUDGET_RESERVE = 100
GONE_MESSAGE = (
    "A rendelés a webáruházban már nem található (törölték, vagy a kulcsát új rendelés kapta). "
    "Ellenőrizze, és ha valóban törölték, mondja le: a foglalás akkor szabadul fel."
)


def check_open_orders(db: Database, shop_id: int, client: UnasClient, *, force: bool = False) -> list[str]:
    """Flag open imported orders that vanished from the shop; the user confirms by cancelling."""
    now = utcnow()
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        last = shop.open_orders_checked_at
    if not force and (last is None or now - last < OPEN_ORDER_CHECK_EVERY):
        if last is None:
            # The first day has nothing old to check; the clock starts with the first sync.
            with db.transaction() as session:
                session.get(Shop, shop_id).open_orders_checked_at = now  # type: ignore[union-attr]
        return []
    with db.reading() as session:
        open_links = list(
            session.execute(
                select(
                    ShopOrderLink.id,
                    ShopOrderLink.order_key,
                    ShopOrderLink.order_date,
                    Document.id,
                    Document.number,
                )
                .join(Document, Document.id == ShopOrderLink.document_id)
                .where(ShopOrderLink.shop_id == shop_id, Document.status == DocumentStatus.OPEN)
            )
        )
    flagged: list[str] = []
    single = limits.bucket_for("getOrder", single=True)
    for link_id, key, order_date, document_id, number in open_links:
        if client.budget_left(single) <= SINGLE_BUDGET_RESERVE:
            return flagged  # the rest is checked next time; the check time is not moved
        try:
            found = orders.get_orders(client, OrderQuery(key=key))
        except UnasError as exc:
            flagged.append(exc.user_message)
            return flagged
        if any(o.unas_key == key and o.date == order_date for o in found):
            continue
        with db.transaction() as session:
            if order_links.mark_gone(session, link_id, GONE_MESSAGE):
                document = session.get(Document, document_id)
                assert document is not None
                document.warnings = "\n".join(filter(None, [document.warnings, GONE_MESSAGE]))
        flagged.append(f"{number}: {GONE_MESSAGE}")
    with db.transaction() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        shop.open_orders_checked_at = now
    return flagged
