"""live UNAS shops: service-line roles, related orders, pick-up points, running prices, shop settings

What live shops send beyond our first reading of the contract (unas-quirks.md section B): a
mapped service line says what it is (a `gift` line: discount or voucher redemption), an imported
order remembers the orders it was merged or split from and the shop's change that waits for the
user, the shipping address keeps the parcel locker, a shop product link keeps the running (sale)
price apart from the normal price, a shop remembers how it rounds net ↔ gross, and a storno is
written back to the shop like an invoice.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch copy of "documents" on SQLite would drop the invoice
    # guard's triggers.
    utc = app.db.types.UtcDateTime(timezone=True)
    op.add_column("shop_mappings", sa.Column("role", sa.String(length=20), nullable=True))
    op.add_column("shop_order_links", sa.Column("related", sa.Text(), server_default="", nullable=False))
    op.add_column(
        "shop_order_links", sa.Column("pending_change", sa.Text(), server_default="", nullable=False)
    )
    # An open shop order we do not import (billable-only, before the start day): the stock the shop
    # consumed for it, JSON {sku: qty} – the push keeps it off the free stock.
    op.add_column("shop_order_links", sa.Column("consumed", sa.Text(), server_default="", nullable=False))
    # What the shop's order said when we last read it: DateMod has one-second resolution, so a change
    # within the same second as our last fetch is told by its content.
    op.add_column("shop_order_links", sa.Column("shop_fingerprint", sa.String(length=64), nullable=True))
    op.add_column(
        "documents", sa.Column("shipping_point_id", sa.String(length=100), server_default="", nullable=False)
    )
    op.add_column(
        "documents",
        sa.Column("shipping_point_group", sa.String(length=100), server_default="", nullable=False),
    )
    op.add_column(
        "documents", sa.Column("shipping_recipient", sa.String(length=200), server_default="", nullable=False)
    )
    op.add_column("documents", sa.Column("edited_at", utc, nullable=True))
    op.add_column(
        "shop_product_links", sa.Column("actual_price_gross", app.db.types.UnitPrice(), nullable=True)
    )
    op.add_column(
        "shop_product_links",
        sa.Column("actual_price_type", sa.String(length=20), server_default="", nullable=False),
    )
    op.add_column(
        "shops", sa.Column("calculate_mode", sa.String(length=20), server_default="", nullable=False)
    )
    op.add_column("shops", sa.Column("settings_checked_at", utc, nullable=True))
    # invoice | storno (Storno.Number) | modification (no field in the contract: logged, not sent)
    op.add_column(
        "shop_invoice_writebacks",
        sa.Column("target", sa.String(length=20), server_default="invoice", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("shop_invoice_writebacks", "target")
    op.drop_column("shops", "settings_checked_at")
    op.drop_column("shops", "calculate_mode")
    op.drop_column("shop_product_links", "actual_price_type")
    op.drop_column("shop_product_links", "actual_price_gross")
    op.drop_column("documents", "edited_at")
    op.drop_column("documents", "shipping_recipient")
    op.drop_column("documents", "shipping_point_group")
    op.drop_column("documents", "shipping_point_id")
    op.drop_column("shop_order_links", "shop_fingerprint")
    op.drop_column("shop_order_links", "consumed")
    op.drop_column("shop_order_links", "pending_change")
    op.drop_column("shop_order_links", "related")
    op.drop_column("shop_mappings", "role")
