"""the links between documents as indexes: an invoice's corrections, an order's invoice

Finding the stornos and modifying invoices of one invoice, or the invoice made from one order,
scanned every document (13-23 ms at 100,000 invoices); by these indexes it is a look-up.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("source_document_id", "storno_of_id", "modifies_id")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(op.f(f"ix_documents_{column}"), "documents", [column])


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(op.f(f"ix_documents_{column}"), table_name="documents")
