"""Élesítés (going live): a test shop becomes a live one, and what it brought in goes.

The database is backed up first, then the test shop's orders and their invoices, links, queued
write-backs and cursors are removed; products, customers and mappings stay.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from app import paths
from app.db.database import Database
from app.db.documents import Document, DocumentLine
from app.db.nav import NavReport
from app.db.shop_api import ShopApiCall, ShopApiFailedItem, ShopApiFailure, ShopApiState
from app.db.shop_links import ShopCustomerLink, ShopInvoiceWriteback, ShopOrderLink, ShopProductLink
from app.db.shops import Shop
from app.db.stock import StockMove
from app.db.sync_log import SyncLease


def go_live(db: Database, shop_id: int) -> Path | None:
    """Élesítés: back up, then remove exactly the test documents of the shop and reset its sync state.

    A document is a test document when it was made for a test shop (``is_test``, set when it is
    created); live documents – and live invoices above all, which the database guard protects
    anyway – stay, with the links that say which shop order they came from.
    """
    from app.db.backup import backup_sqlite, sqlite_file

    backup = None
    db_file = sqlite_file(db.url)
    if db_file is not None:
        backup = backup_sqlite(db_file, paths.backup_dir() / "elesites-elott.sqlite")
    with db.transaction() as session:
        ids = list(
            session.scalars(
                select(Document.id).where(Document.shop_id == shop_id, Document.is_test.is_(True))
            )
        )
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            lines = select(DocumentLine.id).where(DocumentLine.document_id.in_(chunk))
            session.execute(delete(StockMove).where(StockMove.document_line_id.in_(lines)))
            session.execute(delete(ShopInvoiceWriteback).where(ShopInvoiceWriteback.invoice_id.in_(chunk)))
            session.execute(delete(ShopOrderLink).where(ShopOrderLink.document_id.in_(chunk)))
            session.execute(
                delete(NavReport).where(
                    or_(NavReport.document_id.in_(chunk), NavReport.original_id.in_(chunk))
                )
            )
        # Orders that never became documents (held, failed) are fetched again from the live shop.
        session.execute(
            delete(ShopOrderLink).where(ShopOrderLink.shop_id == shop_id, ShopOrderLink.document_id.is_(None))
        )
        for model in (
            ShopProductLink,
            ShopCustomerLink,
            ShopApiCall,
            ShopApiFailure,
            ShopApiFailedItem,
            ShopApiState,
            SyncLease,
        ):
            session.execute(delete(model).where(model.shop_id == shop_id))
        # The test documents point at each other (invoice → order, storno → invoice): unhook first.
        session.execute(
            update(Document)
            .where(Document.id.in_(ids or [-1]))
            .values(source_document_id=None, storno_of_id=None, modifies_id=None)
        )
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            session.execute(delete(DocumentLine).where(DocumentLine.document_id.in_(chunk)))
            session.execute(delete(Document).where(Document.id.in_(chunk)))
        shop = session.get(Shop, shop_id)
        assert shop is not None
        shop.is_test = False
        shop.order_cursor = None
        shop.products_pushed_at = None
        shop.methods_synced_at = None
        shop.open_orders_checked_at = None
    return backup


def has_live_invoices(session: Session, shop_id: int) -> bool:
    """A shop with live invoices cannot be turned into a test shop (Élesítés would remove them)."""
    from app.db.documents import DocumentKind

    return (
        session.scalar(
            select(Document.id)
            .where(
                Document.shop_id == shop_id,
                Document.kind == DocumentKind.INVOICE,
                Document.is_test.is_(False),
            )
            .limit(1)
        )
        is not None
    )
