"""Shop methods download time; case-insensitive look-up indexes for product codes and e-mails

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 07:04:56.473907
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("methods_synced_at", app.db.types.UtcDateTime(timezone=True), nullable=True)
        )
    # Order lines are matched by SKU and buyers by e-mail, both case-insensitively (lower()).
    op.create_index("ix_products_code_lower", "products", [sa.text("lower(code)")])
    op.create_index("ix_customers_email_lower", "customers", [sa.text("lower(email)")])


def downgrade() -> None:
    op.drop_index("ix_customers_email_lower", table_name="customers")
    op.drop_index("ix_products_code_lower", table_name="products")
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.drop_column("methods_synced_at")
