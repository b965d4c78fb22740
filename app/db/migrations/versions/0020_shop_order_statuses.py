"""the shop's order status list, cached in the database (getOrderStatus: 30 calls an hour)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("shops", sa.Column("order_status_types", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "shops", sa.Column("order_statuses_at", app.db.types.UtcDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("shops") as batch:
        batch.drop_column("order_statuses_at")
        batch.drop_column("order_status_types")
