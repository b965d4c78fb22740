"""The NAV outbox: one report per issued invoice, written in the invoice's own transaction.

What the user sees of it (the Számlák list's NAV column, the status bar, `bolthid nav status`)
and what they may do (resend a rejected report after fixing its cause) is here; the sending
itself is app.sync.nav_sender.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from app.db.documents import Document
from app.db.nav import NavReport, NavSender
from app.errors import NotFoundError, ValidationError
from app.timeutil import utcnow

WAITING, SENDING, SENT, DONE, ABORTED = "waiting", "sending", "sent", "done", "aborted"
OPEN_STATES = (WAITING, SENDING, SENT)
# The law asks for the report "haladéktalanul"; after these the status bar turns amber, then red.
AMBER_AFTER = timedelta(hours=1)
RED_AFTER = timedelta(hours=24)

# Codes whose cause is in our settings (the technical user belongs to another taxpayer …): fix
# the settings, resend the same invoice. Schema errors are our XML mapping: after an update, resend.
SETTINGS_CODES = {"SUPPLIER_TAX_NUMBER_MISMATCH"}
MAPPING_CODES = {
    "SCHEMA_VIOLATION",
    "DECOMPRESSION_ERROR",
    "DUPLICATE_IN_REQUEST",
    "LINE_NUMBER_NOT_SEQUENTIAL",
}
WAIT_CODES = {"INVALID_INVOICE_REFERENCE"}  # the original is not accepted yet


def enqueue(session: Session, invoice: Document, operation: str, original_id: int | None) -> NavReport:
    report = NavReport(
        document_id=invoice.id,
        invoice_number=invoice.number,
        operation=operation,
        original_id=original_id,
        is_test=invoice.is_test,
        state=WAITING,
        xml=invoice.nav_xml,
        created_at=invoice.sealed_at or utcnow(),
        check_first=False,
        attempts=0,
        last_error="",
        profile="",
        request_id="",
        transaction_id="",
        nav_status="",
        messages="",
        polls=0,
        note="",
    )
    session.add(report)
    return report


def xml_of(session: Session, report: NavReport) -> bytes:
    """The InvoiceData to send: the stored one, or (for invoices of earlier versions) from the snapshot."""
    if report.xml:
        return report.xml.encode("utf-8")
    document = session.get(Document, report.document_id)
    if document is None or not document.snapshot:
        raise NotFoundError(f"A(z) {report.invoice_number} számla adatai nem találhatók.")
    report.xml = _invoice_xml(document)
    return report.xml.encode("utf-8")


def _invoice_xml(document: Document) -> str:
    # Imported here: the XML writer brings lxml, and the start page only counts the reports.
    from app.invoice_data.snapshot import InvoiceSnapshot
    from app.output.nav_invoice import invoice_data_xml

    return invoice_data_xml(InvoiceSnapshot.from_json(document.snapshot)).decode("utf-8")


# --- words ------------------------------------------------------------------------------------
def warnings_of(report: NavReport) -> list[dict[str, Any]]:
    return _warnings(report.messages)


def messages(report: NavReport) -> list[dict[str, Any]]:
    return _parsed(report.messages)


def _parsed(messages_json: str) -> list[dict[str, Any]]:
    return json.loads(messages_json) if messages_json else []


def _warnings(messages_json: str) -> list[dict[str, Any]]:
    return [m for m in _parsed(messages_json) if m.get("result") == "WARN"]


def label(report: NavReport) -> str:
    """Hungarian, for the NAV column."""
    return _label(report.state, report.messages)


def _label(state: str, messages_json: str) -> str:
    if state == DONE:
        return "Befogadva figyelmeztetéssel" if _warnings(messages_json) else "Befogadva"
    if state == ABORTED:
        return "Elutasítva"
    if state in (SENDING, SENT):
        return "Elküldve"
    return "Beküldésre vár"


def english(report: NavReport) -> str:
    """For `bolthid nav status`: waiting / sent / DONE / ABORTED."""
    return {DONE: "DONE", ABORTED: "ABORTED", SENDING: "sent", SENT: "sent"}.get(report.state, "waiting")


def hint(report: NavReport) -> str:
    """What the user can do about a rejected report."""
    codes = {m.get("code", "") for m in messages(report) if m.get("result") in ("ERROR", "CRITICAL")}
    if not codes:
        return ""
    if codes & SETTINGS_CODES:
        return (
            "Az ok a NAV beállításokban van (a technikai felhasználó másik adózóhoz tartozik): javítsa "
            "a Törzsadatok › NAV Online Számla beállítást, majd „Újraküldés” – a számla ugyanazzal a "
            "sorszámmal megy újra."
        )
    if codes & WAIT_CODES:
        return (
            "Az eredeti számla még nincs befogadva: ha az eredetit javította és újraküldte, ezt is "
            "küldje újra."
        )
    if codes <= MAPPING_CODES:
        return (
            "A NAV-adat formája hibás (programhiba): a program frissítése után „Újraküldés” – a számla "
            "tartalma nem változik."
        )
    return (
        "A számla tartalma hibás a NAV szerint. A kiállított számla nem módosítható: állítson ki "
        "sztornó vagy helyesbítő számlát (Számlák › Sztornó / Helyesbítés)."
    )


@dataclass(frozen=True)
class ReportRow:
    document_id: int
    number: str
    operation: str
    state: str  # English word
    label: str  # Hungarian
    transaction_id: str
    created_at: datetime
    finished_at: datetime | None
    last_error: str
    messages: list[dict[str, Any]]
    hint: str
    is_test: bool
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "operation": self.operation,
            "state": self.state,
            "transaction_id": self.transaction_id,
            "created_at": self.created_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "last_error": self.last_error,
            "messages": self.messages,
            "test": self.is_test,
        }


def _row(report: NavReport) -> ReportRow:
    return ReportRow(
        report.document_id,
        report.invoice_number,
        report.operation,
        english(report),
        label(report),
        report.transaction_id,
        report.created_at,
        report.finished_at,
        report.last_error,
        messages(report),
        hint(report),
        report.is_test,
        report.note,
    )


def report_rows(session: Session, number: str | None = None) -> list[ReportRow]:
    # Without the InvoiceData (about 5 KB a report), which no row shows.
    query = select(NavReport).options(defer(NavReport.xml)).order_by(NavReport.id)
    if number:
        query = query.where(NavReport.invoice_number == number.strip())
    return [_row(r) for r in session.scalars(query)]


def report_of(session: Session, document_id: int) -> ReportRow | None:
    report = session.scalar(select(NavReport).where(NavReport.document_id == document_id))
    return _row(report) if report is not None else None


def labels_by_document(session: Session, ids: list[int] | None) -> dict[int, tuple[str, str]]:
    """(Hungarian label, transaction id) of the given invoices (None: of all), for the list.

    Only the columns a label needs: a report also holds its invoice's XML (about 5 KB), and a list
    of 100,000 reported invoices must not load half a gigabyte of it."""
    if ids is not None and not ids:
        return {}
    stmt = select(NavReport.document_id, NavReport.state, NavReport.messages, NavReport.transaction_id)
    if ids is not None:
        stmt = stmt.where(NavReport.document_id.in_(ids))
    return {doc_id: (_label(state, found), tx) for doc_id, state, found, tx in session.execute(stmt)}


@dataclass(frozen=True)
class OutboxStatus:
    waiting: int  # live reports not yet confirmed
    rejected: int
    level: str  # "" | "amber" | "red"
    text: str  # Hungarian, for the status bar ("" when all is well)


def status(session: Session, now: datetime | None = None) -> OutboxStatus:
    now = now or utcnow()
    live = NavReport.is_test.is_(False)
    waiting = session.scalar(select(func.count()).where(live, NavReport.state.in_(OPEN_STATES))) or 0
    rejected = session.scalar(select(func.count()).where(live, NavReport.state == ABORTED)) or 0
    oldest = session.scalar(
        select(func.min(NavReport.created_at)).where(live, NavReport.state.in_(OPEN_STATES))
    )
    level = ""
    if oldest is not None:
        age = now - oldest
        level = "red" if age > RED_AFTER else "amber" if age > AMBER_AFTER else ""
    parts = []
    if waiting:
        parts.append(f"NAV: {waiting} számla beküldésre vagy visszaigazolásra vár")
    if rejected:
        parts.append(f"{rejected} elutasítva")
        level = "red"
    text = ", ".join(parts)
    if level and waiting:
        hours = int((now - oldest).total_seconds() // 3600) if oldest else 0
        text += f" – a legrégebbi {hours} órája; a jogszabály szerint haladéktalanul be kell küldeni"
    sender = session.get(NavSender, 1)
    if sender is not None and sender.counter_notice:
        text = (text + " · " if text else "") + sender.counter_notice
    return OutboxStatus(waiting, rejected, level, text)


def resend(session: Session, document_id: int) -> NavReport:
    """A rejected report again, under the same invoice number, its XML made afresh from the snapshot.

    The issued invoice itself never changes; only how it is reported. An aborted correction
    that waited for this invoice goes again with it.
    """
    report = session.scalar(select(NavReport).where(NavReport.document_id == document_id))
    if report is None:
        raise NotFoundError("Ehhez a bizonylathoz nincs NAV adatszolgáltatás.")
    if report.state != ABORTED:
        raise ValidationError(
            f"A(z) {report.invoice_number} számla NAV-állapota „{label(report)}”: csak elutasított "
            "küldhető újra."
        )
    document = session.get(Document, document_id)
    if document is not None and document.snapshot:
        report.xml = _invoice_xml(document)
    _requeue(report)
    for child in session.scalars(
        select(NavReport).where(NavReport.original_id == document_id, NavReport.state == ABORTED)
    ):
        if {m.get("code") for m in messages(child)} & WAIT_CODES:
            _requeue(child)
    return report


def _requeue(report: NavReport) -> None:
    report.state = WAITING
    report.attempts = 0
    report.next_attempt_at = None
    report.check_first = False
    report.transaction_id = ""
    report.request_id = ""
    report.request_at = None
    report.item_index = None
    report.nav_status = ""
    report.polls = 0
    report.next_poll_at = None
    report.note = f"Újraküldve (előző elutasítás: {', '.join(m.get('code', '') for m in messages(report))})"
    report.messages = ""
    report.last_error = ""
