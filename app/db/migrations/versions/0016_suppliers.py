"""szállítók; a purchase receipt's supplier and the supplier's invoice

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    utc = app.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("tax_number", sa.String(length=20), nullable=False),
        sa.Column("bank_account", sa.String(length=40), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
        sa.UniqueConstraint("name", name=op.f("uq_suppliers_name")),
    )
    # Plain ALTER TABLE ADD COLUMN (a batch copy of "documents" would drop the invoice guard's
    # triggers); SQLite takes the REFERENCES clause inline, alembic will not write it there.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE documents ADD COLUMN supplier_id INTEGER "
            "CONSTRAINT fk_documents_supplier_id_suppliers REFERENCES suppliers (id)"
        )
    else:
        op.add_column("documents", sa.Column("supplier_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_documents_supplier_id_suppliers"), "documents", "suppliers", ["supplier_id"], ["id"]
        )
    op.add_column(
        "documents",
        sa.Column("supplier_invoice_number", sa.String(length=60), server_default="", nullable=False),
    )
    op.add_column("documents", sa.Column("supplier_invoice_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("supplier_invoice_date")
        batch.drop_column("supplier_invoice_number")
        batch.drop_column("supplier_id")
    op.drop_table("suppliers")
