"""orders: teljesítés is the delivery day the user gives, not a copy of the order date

Until now every customer order stored its own date as "fulfilment_date", and an invoice made
weeks later would have taken it as its teljesítés. Orders never had a real delivery day, so
their copies are cleared; the invoice then defaults to the day it is issued.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE documents SET fulfilment_date = NULL WHERE kind = 'customer_order'")


def downgrade() -> None:
    op.execute(
        "UPDATE documents SET fulfilment_date = issue_date "
        "WHERE kind = 'customer_order' AND fulfilment_date IS NULL"
    )
