"""picking: a product's storage location, an order's delivery note number

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch copy of "documents" on SQLite would drop the invoice guard's triggers.
    op.add_column("products", sa.Column("location", sa.String(50), nullable=False, server_default=""))
    op.add_column(
        "documents", sa.Column("delivery_note_number", sa.String(40), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("delivery_note_number")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("location")
