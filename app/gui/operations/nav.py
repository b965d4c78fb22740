"""Reporting to NAV from the GUI: right after issuing, and a rejected report sent again."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.services import nav_outbox
from app.sync.nav_sender import NavSendReport, send_reports
from app.timeutil import program_clock


def report_to_nav(ctx: AppContext) -> None:
    """Issued means reported: one pass in the background (no dialog; the NAV column shows it)."""

    def work(db: Database) -> NavSendReport:
        return send_reports(db, CredentialStore(), clock=program_clock(), until_answered=True, max_wait=20)

    ctx.tasks.run(work, lambda _r: ctx.changes.emit(changes.DOCUMENTS, changes.NAV), lambda _e: None)


def resend(ctx: AppContext, parent: QWidget | None, document_id: int) -> None:
    def work(db: Database) -> str:
        with db.transaction() as session:
            number = nav_outbox.resend(session, document_id).invoice_number
        result = send_reports(db, CredentialStore(), clock=program_clock(), until_answered=True, max_wait=20)
        with db.reading() as session:
            row = nav_outbox.report_of(session, document_id)
        state = row.label if row is not None else "–"
        return f"A(z) {number} számla újraküldve. NAV-állapot: {state}.\n\n{result.summary()}"

    def done(text: str) -> None:
        ctx.changes.emit(changes.DOCUMENTS, changes.NAV)
        QMessageBox.information(parent, "NAV újraküldés", text)

    def failed(exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        show_error(parent, exc)

    ctx.tasks.run(work, done, failed, parent=parent)
