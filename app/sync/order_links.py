"""Shop order links: the only module that writes them (Élesítés removes a test shop's links).

A link says which shop order (shop, UNAS key, order time) became which of our documents, or why
it has not yet (held for the user, failed and to be retried by key). UNAS gives the keys of
deleted orders to new ones, so the key alone is not an identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.documents import Document
from app.db.shop_links import ShopOrderLink
from app.errors import AppError
from app.unas.records import ShopOrder

UNEXPECTED = "Váratlan hiba a rendelés importálásakor."


def find_link(session: Session, shop_id: int, order: ShopOrder) -> ShopOrderLink | None:
    return session.scalar(
        select(ShopOrderLink).where(
            ShopOrderLink.shop_id == shop_id,
            ShopOrderLink.order_key == order.unas_key,
            ShopOrderLink.order_date == order.date,
        )
    )


def link_imported(
    session: Session, shop_id: int, order: ShopOrder, document: Document, link: ShopOrderLink | None
) -> ShopOrderLink:
    """The order became ``document``; a link that held it before now points at the document."""
    if link is None:
        link = ShopOrderLink(
            shop_id=shop_id, order_key=order.unas_key, display_key=order.key, order_date=order.date
        )
        session.add(link)
    link.document_id = document.id
    link.status = "imported"
    link.message = document.warnings
    link.detail = ""
    link.shop_date_mod = order.date_mod
    link.shop_status = order.status
    return link


def note_shop_change(link: ShopOrderLink, order: ShopOrder, message: str) -> None:
    """The shop changed an imported order; ``message`` says what we did about it."""
    link.shop_date_mod = order.date_mod
    link.shop_status = order.status
    link.message = message


def record_problem(db: Database, shop_id: int, order: ShopOrder, status: str, exc: Exception) -> None:
    """Held (waits for the user) or error (retried by key): in its own transaction."""
    with db.transaction() as session:
        link = find_link(session, shop_id, order)
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


def mark_gone(session: Session, link_id: int, message: str) -> bool:
    """An open imported order vanished from the shop; False when it was already marked."""
    link = session.get(ShopOrderLink, link_id)
    assert link is not None and link.document_id is not None
    if link.message == message:
        return False
    link.message = message
    return True


def pending_keys(session: Session, shop_id: int) -> Sequence[tuple[str, datetime]]:
    """(key, order time) of the orders held or failed, to be fetched again one by one."""
    rows = session.execute(
        select(ShopOrderLink.order_key, ShopOrderLink.order_date).where(
            ShopOrderLink.shop_id == shop_id, ShopOrderLink.document_id.is_(None)
        )
    )
    return [(key, at) for key, at in rows]
