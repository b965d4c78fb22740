"""the documents lists' order as an index: their first screenful is read at once at any size

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_documents_kind_issue_number", "documents", ["kind", "issue_date", "number"])


def downgrade() -> None:
    op.drop_index("ix_documents_kind_issue_number", table_name="documents")
