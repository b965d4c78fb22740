"""database identity; the UNAS session token leaves the database

Secrets are named by the database's own random identity (app.db.identity), so two databases on
one OS account never share a key. The UNAS session token (two hours of full shop access) moves to
the OS keyring with the other secrets: the columns are dropped, and with them every token an
older version stored here – the next run simply logs in again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "database_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=32), nullable=False),
        sa.Column("created_at", app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_database_identity")),
    )
    op.bulk_insert(table, [{"id": 1, "identity": uuid.uuid4().hex, "created_at": datetime.now(UTC)}])
    with op.batch_alter_table("shop_api_state") as batch:
        batch.drop_column("token")
        batch.drop_column("token_expires_at")


def downgrade() -> None:
    with op.batch_alter_table("shop_api_state") as batch:
        batch.add_column(
            sa.Column("token_expires_at", app.db.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("token", sa.String(length=200), nullable=True))
    op.drop_table("database_identity")
