"""Élesítés (going live): a test shop becomes a live one, and what it brought in goes.

The database is backed up first, then the test shop's orders and their invoices, links, queued
write-backs and cursors are removed; products, customers and mappings stay.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select, update

from app import paths
from app.db.database import Database
from app.db.documents import Document, DocumentLine
from app.db.shop_api import ShopApiCall, ShopApiFailedItem, ShopApiFailure, ShopApiState
from app.db.shop_links import ShopCustomerLink, ShopInvoiceWriteback, ShopOrderLink, ShopProductLink
from app.db.shops import Shop
from app.db.stock import StockMove
from app.db.sync_log import SyncLease


def go_live(db: Database, shop_id: int) -> Path | None:
    """Élesítés: back up, then clear the test shop's documents, links and cursors."""
    from app.db.backup import backup_sqlite, sqlite_file

    backup = None
    db_file = sqlite_file(db.url)
    if db_file is not None:
        backup = backup_sqlite(db_file, paths.backup_dir() / "elesites-elott.sqlite")
    with db.transaction() as session:
        orders = list(
            session.scalars(select(ShopOrderLink.document_id).where(ShopOrderLink.shop_id == shop_id))
        )
        orders = [o for o in orders if o is not None]
        documents = set(orders)
        documents |= set(session.scalars(select(Document.id).where(Document.shop_id == shop_id)))
        documents |= set(
            session.scalars(select(Document.id).where(Document.source_document_id.in_(documents or {-1})))
        )
        ids = list(documents)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            lines = select(DocumentLine.id).where(DocumentLine.document_id.in_(chunk))
            session.execute(delete(StockMove).where(StockMove.document_line_id.in_(lines)))
            session.execute(delete(ShopInvoiceWriteback).where(ShopInvoiceWriteback.invoice_id.in_(chunk)))
        for model in (
            ShopOrderLink,
            ShopProductLink,
            ShopCustomerLink,
            ShopInvoiceWriteback,
            ShopApiCall,
            ShopApiFailure,
            ShopApiFailedItem,
            ShopApiState,
            SyncLease,
        ):
            session.execute(delete(model).where(model.shop_id == shop_id))
        # Invoices first (they point at orders), then the orders.
        session.execute(
            update(Document)
            .where(Document.id.in_(ids or [-1]))
            .values(source_document_id=None, storno_of_id=None)
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
