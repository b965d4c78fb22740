"""raktárközi átadás: a document's target warehouse

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN: a batch copy of "documents" on SQLite would drop the invoice
    # guard's triggers. SQLite takes the REFERENCES clause inline (alembic will not write it).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE documents ADD COLUMN target_warehouse_id INTEGER "
            "CONSTRAINT fk_documents_target_warehouse_id_warehouses REFERENCES warehouses (id)"
        )
        return
    op.add_column("documents", sa.Column("target_warehouse_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_documents_target_warehouse_id_warehouses"),
        "documents",
        "warehouses",
        ["target_warehouse_id"],
        ["id"],
    )


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("target_warehouse_id")
