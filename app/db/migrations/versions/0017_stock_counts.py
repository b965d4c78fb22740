"""leltár: stock counts and their lines

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    utc = app.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "stock_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("open_warehouse_id", sa.Integer(), nullable=True),
        sa.Column("started_at", utc, nullable=False),
        sa.Column("started_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", utc, nullable=True),
        sa.Column("shortage_document_id", sa.Integer(), nullable=True),
        sa.Column("surplus_document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["warehouse_id"], ["warehouses.id"], name=op.f("fk_stock_counts_warehouse_id_warehouses")
        ),
        sa.ForeignKeyConstraint(
            ["open_warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_stock_counts_open_warehouse_id_warehouses"),
        ),
        sa.ForeignKeyConstraint(
            ["shortage_document_id"],
            ["documents.id"],
            name=op.f("fk_stock_counts_shortage_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["surplus_document_id"],
            ["documents.id"],
            name=op.f("fk_stock_counts_surplus_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_counts")),
        sa.UniqueConstraint("number", name=op.f("uq_stock_counts_number")),
        sa.UniqueConstraint("open_warehouse_id", name=op.f("uq_stock_counts_open_warehouse_id")),
    )
    op.create_table(
        "stock_count_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("book_quantity", app.db.types.ExactDecimal(14, 3), nullable=False),
        sa.Column("counted", app.db.types.ExactDecimal(14, 3), nullable=True),
        sa.Column("unit_cost", app.db.types.ExactDecimal(18, 4), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["count_id"],
            ["stock_counts.id"],
            name=op.f("fk_stock_count_lines_count_id_stock_counts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_count_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_count_lines")),
        sa.UniqueConstraint("count_id", "product_id", name=op.f("uq_stock_count_lines_count_id_product_id")),
    )
    op.create_index(op.f("ix_stock_count_lines_count_id"), "stock_count_lines", ["count_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stock_count_lines_count_id"), table_name="stock_count_lines")
    op.drop_table("stock_count_lines")
    op.drop_table("stock_counts")
