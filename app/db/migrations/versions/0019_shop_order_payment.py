"""the shop's payment of an imported order: type, status and the amount paid

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("shop_order_links", sa.Column("payment_type", sa.String(30), nullable=True))
    op.add_column("shop_order_links", sa.Column("payment_status", sa.String(30), nullable=True))
    op.add_column("shop_order_links", sa.Column("payment_paid", app.db.types.Money(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shop_order_links") as batch:
        batch.drop_column("payment_paid")
        batch.drop_column("payment_status")
        batch.drop_column("payment_type")
