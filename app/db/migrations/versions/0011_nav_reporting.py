"""NAV Online Számla reporting: settings profiles, the outbox, the sender's lease, tax number cache

Every live invoice issued before this version gets a report (its XML made from its snapshot
when it has none stored) that asks NAV first
(queryInvoiceCheck) whether it was already reported by hand – earlier versions told the user to
do so – and is sent only if NAV does not know it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    utc = app.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "nav_profiles",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("environment", sa.String(length=20), nullable=False),
        sa.Column("base_url", sa.String(length=300), nullable=False),
        sa.Column("login", sa.String(length=30), nullable=False),
        sa.Column("tax_number", sa.String(length=8), nullable=False),
        sa.Column("updated_at", utc, nullable=True),
        sa.Column("stopped_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("stopped_at", utc, nullable=True),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("retry_at", utc, nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_nav_profiles")),
    )
    op.create_table(
        "nav_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=10), nullable=False),
        sa.Column("original_id", sa.Integer(), nullable=True),
        sa.Column("is_test", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("check_first", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", utc, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("profile", sa.String(length=20), nullable=False),
        sa.Column("request_id", sa.String(length=30), nullable=False),
        sa.Column("request_at", utc, nullable=True),
        sa.Column("item_index", sa.Integer(), nullable=True),
        sa.Column("transaction_id", sa.String(length=30), nullable=False),
        sa.Column("nav_status", sa.String(length=12), nullable=False),
        sa.Column("messages", sa.Text(), nullable=False),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", utc, nullable=True),
        sa.Column("sent_at", utc, nullable=True),
        sa.Column("finished_at", utc, nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_nav_reports_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["original_id"],
            ["documents.id"],
            name=op.f("fk_nav_reports_original_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nav_reports")),
    )
    with op.batch_alter_table("nav_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nav_reports_document_id"), ["document_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_nav_reports_invoice_number"), ["invoice_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_nav_reports_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_nav_reports_transaction_id"), ["transaction_id"], unique=False)
    op.create_table(
        "nav_sender",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("workstation", sa.String(length=100), nullable=False),
        sa.Column("expires_at", utc, nullable=True),
        sa.Column("counter_check_needed", sa.Boolean(), nullable=False),
        sa.Column("counters_checked_at", utc, nullable=True),
        sa.Column("counter_notice", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nav_sender")),
    )
    op.create_table(
        "nav_taxpayers",
        sa.Column("tax_number", sa.String(length=8), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("checked_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("tax_number", name=op.f("pk_nav_taxpayers")),
    )
    # Invoices issued before: reported only if NAV does not know them yet (check_first).
    op.execute(
        """
        INSERT INTO nav_reports (document_id, invoice_number, operation, original_id, is_test, state, xml,
            created_at, check_first, attempts, last_error, profile, request_id, transaction_id, nav_status,
            messages, polls, note)
        SELECT id, number,
               CASE WHEN storno_of_id IS NOT NULL THEN 'STORNO'
                    WHEN modifies_id IS NOT NULL THEN 'MODIFY' ELSE 'CREATE' END,
               COALESCE(storno_of_id, modifies_id), is_test, 'waiting', COALESCE(nav_xml, ''),
               COALESCE(sealed_at, CURRENT_TIMESTAMP), {true}, 0, '', '', '', '', '', '', 0,
               'Korábbi változatban kiállított számla: a program előbb megkérdezi a NAV-ot, ismeri-e.'
        FROM documents
        WHERE kind = 'invoice' AND is_test = {false}
        """.format(
            true="TRUE" if op.get_bind().dialect.name == "postgresql" else "1",
            false="FALSE" if op.get_bind().dialect.name == "postgresql" else "0",
        )
    )


def downgrade() -> None:
    op.drop_table("nav_taxpayers")
    op.drop_table("nav_sender")
    with op.batch_alter_table("nav_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nav_reports_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_nav_reports_state"))
        batch_op.drop_index(batch_op.f("ix_nav_reports_invoice_number"))
        batch_op.drop_index(batch_op.f("ix_nav_reports_document_id"))
    op.drop_table("nav_reports")
    op.drop_table("nav_profiles")
