"""a counter the database raises on every change a product push may have to send (the quiet tick)

The counter's row, its triggers (app.db.catalog_revision) and the revision at which each shop's
products were last found fully sent.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db import catalog_revision

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalog_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_revision")),
    )
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fields_checked_revision", sa.BigInteger(), nullable=True))
    catalog_revision.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    for name in sorted(catalog_revision.installed_triggers(bind)):
        table = name.removeprefix("catalog_rev_").rsplit("_", 1)[0]
        if bind.dialect.name == "sqlite":
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        else:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    if bind.dialect.name != "sqlite":
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS bump_catalog_revision()")
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.drop_column("fields_checked_revision")
    op.drop_table("catalog_revision")
