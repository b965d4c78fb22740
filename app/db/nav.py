"""NAV Online Számla reporting: the settings profiles, the outbox of reports, the sender's lease
and the cache of checked buyer tax numbers. All mutable – none of it is under the invoice guard.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime


class NavProfile(Base):
    """Where and as whom reports are sent. "main": the user's settings; "sandbox": test mode's service.

    The password and the two keys are in the credentials store, never here.
    """

    __tablename__ = "nav_profiles"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    environment: Mapped[str] = mapped_column(String(20))  # production | test | builtin
    base_url: Mapped[str] = mapped_column(String(300))
    login: Mapped[str] = mapped_column(String(30))
    tax_number: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # A credential error stops all sending with this profile until its settings are saved again.
    stopped_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    stopped_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # NAV unreachable or down: the next try waits (1, 2, 4 … minutes, at most 15).
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class NavReport(Base):
    """One invoice's data report: written with the invoice, then sent, polled and answered.

    state: waiting → sending (request stored, answer not yet in) → sent (transaction id known)
    → done | aborted. A report found in "sending" after a crash is never simply sent again: the
    lost-transaction procedure looks for it at NAV first.
    """

    __tablename__ = "nav_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), unique=True, index=True
    )
    invoice_number: Mapped[str] = mapped_column(String(40), index=True)
    operation: Mapped[str] = mapped_column(String(10))  # CREATE | MODIFY | STORNO
    original_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    xml: Mapped[str] = mapped_column(Text)  # the InvoiceData as it is sent (rebuilt on a resend)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())  # when the invoice was issued
    # Ask NAV (queryInvoiceCheck) before sending: an invoice of an earlier version, or one whose
    # request may have arrived although no transaction was found.
    check_first: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    profile: Mapped[str] = mapped_column(String(20), default="")
    request_id: Mapped[str] = mapped_column(String(30), default="")
    request_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    item_index: Mapped[int | None] = mapped_column(Integer)
    transaction_id: Mapped[str] = mapped_column(String(30), default="", index=True)
    nav_status: Mapped[str] = mapped_column(String(12), default="")  # RECEIVED … DONE | ABORTED
    messages: Mapped[str] = mapped_column(Text, default="")  # JSON list (see services.nav_outbox)
    polls: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")


class NavSender(Base):
    """One sender per database (GUI, `sync --loop`, `nav send`): its lease, and counter checks."""

    __tablename__ = "nav_sender"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    holder: Mapped[str] = mapped_column(String(100), default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Set after a restore: the invoice counters are checked against NAV before the next report.
    counter_check_needed: Mapped[bool] = mapped_column(Boolean, default=True)
    counters_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    counter_notice: Mapped[str] = mapped_column(Text, default="")


class NavTaxpayer(Base):
    """A buyer's tax number as NAV's queryTaxpayer answered (cached)."""

    __tablename__ = "nav_taxpayers"

    tax_number: Mapped[str] = mapped_column(String(8), primary_key=True)
    valid: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(512), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime())
