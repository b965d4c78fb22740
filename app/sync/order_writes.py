"""New orders of one import transaction, written together just before it commits.

A group of imported orders shares one transaction (app.sync.order_sync._import_group); writing
each new order's header, lines and link as it is made costs three statements per order, and on
SQLite those statements were a third of an order's import. Held here, the group's documents go in
with one multi-row INSERT … RETURNING, their lines with one more and their links with a third.

Nothing else in the import reads a new order's document or link back, with two exceptions, and
both write what is held first (``holds``): an order the shop sends twice in one group (its second
copy must find the first's link) and a merged or split order (its sources may be held here).
Everything is in the caller's transaction, so a crash or a rollback loses the held rows together
with the rest of the group, exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.services import documents as docs
from app.sync import order_links
from app.unas.records import ShopOrder


@dataclass
class PendingWrites:
    orders: list[docs.PreparedOrder] = field(default_factory=list)
    links: list[dict[str, object]] = field(default_factory=list)  # each without its document_id yet
    keys: set[tuple[str, object]] = field(default_factory=set)  # (UNAS key, order time) held
    written: list[int] = field(default_factory=list)  # every id written so far, in order

    def add(self, prepared: docs.PreparedOrder, link_row: dict[str, object], order: ShopOrder) -> None:
        self.orders.append(prepared)
        self.links.append(link_row)
        self.keys.add((order.unas_key, order.date))

    def holds(self, order: ShopOrder) -> bool:
        """True when importing ``order`` would need to read back what is held."""
        return bool(self.orders) and (bool(order.replaces) or (order.unas_key, order.date) in self.keys)

    def write(self, session: Session) -> list[int]:
        """Insert what is held, in the order it was made (ids follow the numbers); returns the ids."""
        if not self.orders:
            return []
        ids = docs.insert_prepared_many(session, self.orders)
        for row, document_id in zip(self.links, ids, strict=True):
            row["document_id"] = document_id
        order_links.insert_new_links(session, self.links)
        self.orders, self.links, self.keys = [], [], set()
        self.written.extend(ids)
        return ids
