"""Shop order links: the only module that writes them (Élesítés removes a test shop's links).

A link says which shop order (shop, UNAS key, order time) became which of our documents, or why
it has not yet (held for the user, failed and to be retried by key). UNAS gives the keys of
deleted orders to new ones, so the key alone is not an identity.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, bindparam, or_, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.documents import Document
from app.db.shop_links import ShopOrderLink
from app.errors import AppError
from app.sync import order_relations
from app.sync.matching import cache
from app.unas.records import ShopOrder

UNEXPECTED = "Váratlan hiba a rendelés importálásakor."


_LINKS = cast(Table, ShopOrderLink.__table__)
_FIND = select(_LINKS.c.id).where(
    _LINKS.c.shop_id == bindparam("shop_id"),
    _LINKS.c.order_key == bindparam("order_key"),
    _LINKS.c.order_date == bindparam("order_date", type_=_LINKS.c.order_date.type),
)
_INSERT = _LINKS.insert().returning(_LINKS.c.id, _LINKS.c.document_id)


def find_link(session: Session, shop_id: int, order: ShopOrder) -> ShopOrderLink | None:
    # The id first, by a statement built once: most orders of an import have no link yet, and an
    # ORM object is loaded only when there is one.
    known = cache.get(session)
    if known is not None and known.order_links is not None:
        link_id = known.order_links.get((order.unas_key, order.date))  # the page's, preloaded
    else:
        params = {"shop_id": shop_id, "order_key": order.unas_key, "order_date": order.date}
        link_id = session.connection().execute(_FIND, params).scalar()
    return session.get(ShopOrderLink, link_id) if link_id is not None else None


def link_imported(
    session: Session,
    shop_id: int,
    order: ShopOrder,
    document_id: int,
    warnings: str,
    link: ShopOrderLink | None,
) -> None:
    """The order became the document; a link that held it before now points at the document.

    A new link is one Core INSERT (the order import writes one per order)."""
    values = imported_values(order, document_id, warnings)
    if link is None:
        insert_new_links(session, [new_link_row(shop_id, order, values)])
        return
    for key, value in values.items():
        setattr(link, key, value)


def imported_values(order: ShopOrder, document_id: int | None, warnings: str) -> dict[str, object]:
    """What a link of an imported order says (``document_id`` None: filled in when written)."""
    return {
        "document_id": document_id,
        "status": "imported",
        "consumed": "",
        "message": warnings,
        "detail": "",
        "shop_date_mod": order.date_mod,
        "shop_fingerprint": order.fingerprint(),
        "related": order_relations.related_json(order),
        **state_values(order),
    }


def new_link_row(shop_id: int, order: ShopOrder, values: dict[str, object]) -> dict[str, object]:
    return {
        "shop_id": shop_id,
        "order_key": order.unas_key,
        "display_key": order.key,
        "order_date": order.date,
        **values,
    }


def insert_new_links(session: Session, rows: list[dict[str, object]]) -> None:
    """New links of imported orders with one multi-row INSERT; the page's preloaded links learn
    their ids (matched by the document each points at: RETURNING's order is not promised)."""
    if not rows:
        return
    link_ids = dict((doc_id, link_id) for link_id, doc_id in session.connection().execute(_INSERT, rows))
    known = cache.get(session)
    if known is not None and known.order_links is not None:
        for row in rows:
            key = (cast(str, row["order_key"]), row["order_date"])
            known.order_links[key] = link_ids[cast(int, row["document_id"])]


def state_values(order: ShopOrder) -> dict[str, object]:
    """The shop's status and payment of the order, as last read."""
    return {
        "shop_status": order.status,
        "payment_type": (order.payment_type or "")[:30] or None,
        "payment_status": (order.payment_status or "")[:30] or None,
        "payment_paid": order.payment_paid,
    }


def note_state(link: ShopOrderLink, order: ShopOrder) -> None:
    for key, value in state_values(order).items():
        setattr(link, key, value)


def note_skipped(
    session: Session,
    shop_id: int,
    order: ShopOrder,
    link: ShopOrderLink | None,
    reason: str,
    consumed: dict[str, Decimal],
) -> None:
    """An order we do not import: while it is open in the shop, the stock the shop consumed for it
    is remembered (the push must not offer it again); nothing is written for closed ones."""
    if link is None:
        if not consumed:
            return
        link = ShopOrderLink(
            shop_id=shop_id, order_key=order.unas_key, display_key=order.key, order_date=order.date
        )
        session.add(link)
        known = cache.get(session)
        if known is not None:
            known.order_links = None  # the page's preloaded links no longer tell the whole story
    link.status = "skipped"
    link.message = reason
    link.shop_date_mod = order.date_mod
    link.shop_fingerprint = order.fingerprint()
    note_state(link, order)
    link.consumed = json.dumps({k: str(v) for k, v in consumed.items()}) if consumed else ""


def consumed_by_skipped(session: Session, shop_id: int) -> dict[str, Decimal]:
    """SKU (lower case) → stock the shop consumed for its open orders not imported here."""
    out: dict[str, Decimal] = {}
    for raw in session.scalars(
        select(ShopOrderLink.consumed).where(
            ShopOrderLink.shop_id == shop_id,
            ShopOrderLink.status == "skipped",
            ShopOrderLink.consumed != "",
        )
    ):
        for sku, qty in json.loads(raw).items():
            out[sku.lower()] = out.get(sku.lower(), Decimal(0)) + Decimal(qty)
    return out


def note_shop_change(link: ShopOrderLink, order: ShopOrder, message: str) -> None:
    """The shop changed an imported order; ``message`` says what we did about it."""
    link.shop_date_mod = order.date_mod
    link.shop_fingerprint = order.fingerprint()
    note_state(link, order)
    link.message = message


def record_problem(db: Database, shop_id: int, order: ShopOrder, status: str, exc: Exception) -> bool:
    """Held (waits for the user), error (retried by key) or return (told once): in its own
    transaction. True when the order had no such link yet."""
    with db.transaction() as session:
        link = find_link(session, shop_id, order)
        new = link is None or link.status != status
        if link is None:
            link = ShopOrderLink(
                shop_id=shop_id,
                order_key=order.unas_key,
                display_key=order.key,
                order_date=order.date,
                attempts=0,
            )
            session.add(link)
        link.status = status
        link.message = exc.user_message if isinstance(exc, AppError) else UNEXPECTED
        link.detail = getattr(exc, "detail", "") or repr(exc)
        link.attempts = (link.attempts or 0) + 1
    return new


def mark_gone(session: Session, link_id: int, message: str) -> bool:
    """An open imported order vanished from the shop; False when it was already marked."""
    link = session.get(ShopOrderLink, link_id)
    assert link is not None and link.document_id is not None
    if link.message == message:
        return False
    link.message = message
    return True


def pending_keys(session: Session, shop_id: int) -> Sequence[tuple[str, datetime]]:
    """(key, order time) of the orders held or failed, and of those whose shop version the user
    asked to take over, to be fetched again one by one."""
    from app.sync.order_changes import ADOPT

    rows = session.execute(
        select(ShopOrderLink.order_key, ShopOrderLink.order_date).where(
            ShopOrderLink.shop_id == shop_id,
            or_(
                ShopOrderLink.document_id.is_(None) & ShopOrderLink.status.in_(("held", "error")),
                ShopOrderLink.pending_change == ADOPT,
            ),
        )
    )
    return [(key, at) for key, at in rows]


def ask_to_adopt(session: Session, link_id: int) -> str:
    """ "Átvétel a webáruházból": the next sync takes the shop's version of this open order."""
    from app.db.documents import DocumentStatus
    from app.errors import ValidationError
    from app.sync.order_changes import ADOPT

    link = session.get(ShopOrderLink, link_id)
    document = session.get(Document, link.document_id) if link and link.document_id else None
    if link is None or document is None or not link.pending_change:
        raise ValidationError("Ennél a rendelésnél nincs átvehető webáruházi változás.")
    if document.status != DocumentStatus.OPEN:
        raise ValidationError(
            f"A(z) {document.number} már számlázva vagy lezárva: a webáruház változását nem lehet "
            "átvenni (a számlát helyesbítő számla vagy sztornó módosítja)."
        )
    link.pending_change = ADOPT
    return document.number


RELATION_LABELS = {
    "merged_from": "összevonva ezekből",
    "separated_from": "szétválasztva ebből",
    "separated_to": "szétválasztva ebbe",
    "returned_from": "visszáru ehhez",
}


def shop_side(session: Session, document_id: int) -> dict[str, object] | None:
    """What the order form shows of the shop's order: its key and status, the related orders, a
    change not taken over (with the link for "Átvétel a webáruházból"), the parcel locker."""
    from app.db.documents import DocumentStatus
    from app.sync.order_changes import ADOPT

    link = session.scalar(select(ShopOrderLink).where(ShopOrderLink.document_id == document_id))
    document = session.get(Document, document_id)
    if link is None or document is None:
        return None
    related = json.loads(link.related) if link.related else {}
    return {
        "link_id": link.id,
        "shop_id": link.shop_id,
        "key": link.display_key,
        "status": link.shop_status or "",
        "related": [f"{RELATION_LABELS.get(k, k)}: {', '.join(v)}" for k, v in related.items()],
        "pending_change": "" if link.pending_change == ADOPT else link.pending_change,
        "adopt_requested": link.pending_change == ADOPT,
        "can_adopt": bool(link.pending_change) and document.status == DocumentStatus.OPEN,
        "delivery_point": document.shipping_point_id,
        "delivery_point_group": document.shipping_point_group,
        "recipient": document.shipping_recipient,
    }
