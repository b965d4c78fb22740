"""Merged, split and returned orders (``Info.*``, unas-quirks.md B49).

A merged order holds the goods of its sources, a split-off part some of its source's: when the
sources are still open orders here, their documents are cancelled (reservations released) for the
new order; when one is already invoiced or closed here, the new order waits for the user, since
its goods were sold once already. A return (``ReturnedFrom``) is never imported as a negative
sale: the user makes a modifying invoice for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.documents import Document, DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.formatting import format_quantity
from app.services import documents as docs
from app.sync.matching.held import OrderHeld
from app.unas.records import ShopOrder


class SourcesAlreadyInvoiced(OrderHeld):
    def __init__(self, order: ShopOrder, closed: list[str]) -> None:
        how = "összevonásával" if order.merged_from else "szétválasztásával"
        super().__init__(
            f"A(z) {order.key} rendelés a(z) {', '.join(order.replaces)} rendelés(ek) {how} készült, "
            f"de ezek közül már számlázva vagy lezárva van: {', '.join(closed)}. Az áru egyszer már "
            "el lett adva, ezért a rendelés várakozik: ha a számlát sztornózza, az Újrapróbálás "
            "átveszi; ha nem kell, hagyja figyelmen kívül.",
            f"sources closed {closed!r}",
        )


class ReturnOrder(OrderHeld):
    """Recorded with link status "return": shown to the user, never retried, never a sale."""

    link_status = "return"

    def __init__(self, order: ShopOrder) -> None:
        goods = ", ".join(
            f"{line.sku or line.name} {format_quantity(abs(line.quantity))} {line.unit or 'db'}"
            for line in order.lines
            if not line.is_synthetic
        )
        super().__init__(
            f"Visszáru a webáruházban: a(z) {order.key} a(z) {', '.join(order.returned_from)} "
            f"rendelés visszárúja ({goods or 'tételek nélkül'}). Eladásként nem rögzítjük; készítsen "
            "helyesbítő számlát az eredeti számlához (Számlák › Helyesbítő számla), az visszaveszi "
            "a készletet.",
            f"return of {order.returned_from!r}",
        )


@dataclass(frozen=True)
class Replaced:
    documents: list[Document]
    message: str


def related_json(order: ShopOrder) -> str:
    related = {
        name: list(keys)
        for name, keys in (
            ("merged_from", order.merged_from),
            ("separated_from", order.separated_from),
            ("separated_to", order.separated_to),
            ("returned_from", order.returned_from),
        )
        if keys
    }
    return json.dumps(related, ensure_ascii=False) if related else ""


def check_new_order(session: Session, shop_id: int, order: ShopOrder) -> list[Document]:
    """Before a new order is imported: a return is refused, the sources of a merged or split
    order are checked (closed ones hold it); returns the sources' open documents to replace."""
    if order.returned_from:
        raise ReturnOrder(order)
    if not order.replaces:
        return []
    sources = _source_documents(session, shop_id, order.replaces)
    # A cancelled source sold nothing (the shop may cancel the sources of a merge).
    closed = [d.number for d in sources if d.status not in (DocumentStatus.OPEN, DocumentStatus.CANCELLED)]
    if closed:
        raise SourcesAlreadyInvoiced(order, closed)
    return sources


def replace_sources(session: Session, order: ShopOrder, sources: list[Document], new_number: str) -> str:
    """Merged orders give up their documents to the new one; a split source keeps its own (its
    shop-side change removes the lines that moved)."""
    if not order.merged_from or not sources:
        return ""
    for document in sources:
        if document.status != DocumentStatus.OPEN:
            continue
        docs.cancel_customer_order(session, document.id)
        document.warnings = "\n".join(
            filter(None, [document.warnings, f"A webáruházban összevonták: {order.key} ({new_number})."])
        )
    return f"összevont rendelés: {', '.join(d.number for d in sources)} helyett – azok foglalása felszabadult"


def _source_documents(session: Session, shop_id: int, keys: tuple[str, ...]) -> list[Document]:
    """The newest imported document of each key (UNAS may give a deleted order's key again)."""
    found: list[Document] = []
    for key in keys:
        document_id = session.scalar(
            select(ShopOrderLink.document_id)
            .where(
                ShopOrderLink.shop_id == shop_id,
                ShopOrderLink.order_key == key,
                ShopOrderLink.document_id.is_not(None),
            )
            .order_by(ShopOrderLink.order_date.desc())
            .limit(1)
        )
        document = session.get(Document, document_id) if document_id else None
        if document is not None:
            found.append(document)
    return found
