"""A számla NAV-adatszolgáltatása: state, transaction id, NAV's messages and what to do about them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.formatting import format_date
from app.gui.context import AppContext
from app.services import nav_outbox
from app.services.nav_outbox import ReportRow

RESULT_WORDS = {"ERROR": "Hiba", "WARN": "Figyelmeztetés", "INFO": "Tájékoztatás", "CRITICAL": "Hiba"}


class NavReportDialog(QDialog):
    def __init__(self, ctx: AppContext, document_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.document_id = document_id
        self.row: ReportRow | None = None
        self.setWindowTitle("NAV adatszolgáltatás")
        self.resize(820, 420)
        self.header = QLabel("")
        self.header.setObjectName("nav_report_header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.messages = QTableWidget(0, 4)
        self.messages.setHorizontalHeaderLabels(["Típus", "Kód", "Üzenet (NAV)", "Hol"])
        self.messages.verticalHeader().setVisible(False)
        self.messages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.messages.setWordWrap(True)
        header = self.messages.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel("")
        self.hint.setObjectName("nav_report_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("font-weight: bold;")
        self.buttons = QDialogButtonBox()
        self.resend_button = self.buttons.addButton("Újraküldés", QDialogButtonBox.ButtonRole.ActionRole)
        self.resend_button.setToolTip("Ugyanez a számla, ugyanazzal a sorszámmal, újra a NAV-hoz")
        self.resend_button.clicked.connect(self.resend)
        self.resend_button.setEnabled(False)
        self.buttons.addButton("Bezárás", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.messages, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.refresh()

    def refresh(self) -> None:
        def load(db: Database) -> ReportRow | None:
            with db.reading() as session:
                return nav_outbox.report_of(session, self.document_id)

        self.ctx.tasks.run(load, self._show, parent=self)

    def _show(self, row: ReportRow | None) -> None:
        self.row = row
        if row is None:
            self.header.setText("Ehhez a bizonylathoz nem tartozik NAV adatszolgáltatás.")
            return
        parts = [
            f"<b>{escape(row.number)}</b> ({escape(row.operation)}) – "
            f"NAV-állapot: <b>{escape(row.label)}</b>",
            f"Kiállítva: {format_date(row.created_at)}",
        ]
        if row.transaction_id:
            parts.append(f"Tranzakcióazonosító: {escape(row.transaction_id)}")
        if row.finished_at:
            parts.append(f"NAV válasza: {format_date(row.finished_at)}")
        if row.last_error:
            parts.append(f"<span style='color:#b00020'>{escape(row.last_error)}</span>")
        if row.note:
            parts.append(escape(row.note))
        self.header.setText("<br>".join(parts))
        self.messages.setRowCount(len(row.messages))
        for index, message in enumerate(row.messages):
            where = " ".join(
                filter(
                    None,
                    (message.get("tag") or "", f"{message['line']}. tétel" if message.get("line") else ""),
                )
            )
            values = [
                RESULT_WORDS.get(str(message.get("result")), str(message.get("result"))),
                str(message.get("code") or ""),
                str(message.get("text") or ""),
                where + (f" = {message['value']}" if message.get("value") else ""),
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if message.get("result") in ("ERROR", "CRITICAL"):
                    item.setForeground(Qt.GlobalColor.red)
                self.messages.setItem(index, col, item)
        self.messages.resizeRowsToContents()
        self.hint.setText(row.hint)
        self.resend_button.setEnabled(row.state == "ABORTED")

    def resend(self) -> None:
        from app.gui.operations.nav import resend

        self.resend_button.setEnabled(False)
        resend(self.ctx, self, self.document_id)
        self.ctx.changes.changed.connect(self._changed)

    def _changed(self, what: set[str]) -> None:
        if "nav" in what:
            self.refresh()
