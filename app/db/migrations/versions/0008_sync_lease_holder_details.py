"""sync lease: the workstation and the time it was taken (shown to a user who finds the shop busy)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_leases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("workstation", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("acquired_at", app.db.types.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_leases", schema=None) as batch_op:
        batch_op.drop_column("acquired_at")
        batch_op.drop_column("workstation")
