"""Számla készítése: a look at the invoice before it is issued, with every problem flagged in red.

One order: the prefilled invoice (buyer, dates, payment, lines with the discount and shipping
shared out over the VAT rates, per-rate totals); teljesítés, the exchange rate and "not a VAT
subject" can be set here; Enter issues it. Several orders: one summary of what will be issued and
what is held and why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.errors import ValidationError
from app.formatting import format_date, format_decimal, format_money, format_quantity, parse_decimal
from app.gui.context import AppContext
from app.services.invoice_drafts import (
    CONFIRM_LATE_FULFILMENT,
    CONFIRM_NOT_VAT_SUBJECT,
    NEEDS_RATE,
    InvoiceOptions,
    InvoicePreview,
    prepare_from_order,
    preview_of,
)

RED = "#b00020"
SPLIT_TIP = "Kedvezmény vagy költség az ÁFA-kulcsok arányában megosztva (Áfa tv. 70. §)"
LINE_HEADERS = ["Megnevezés", "Menny.", "Egység", "ÁFA", "Nettó egységár", "Nettó", "ÁFA összeg", "Bruttó"]


def load_preview(db: Database, order_id: int, options: InvoiceOptions) -> InvoicePreview:
    with db.reading() as session:
        return preview_of(prepare_from_order(session, order_id, options))


def _cell(text: str, right: bool = False, red: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if red:
        item.setForeground(Qt.GlobalColor.red)
    return item


class InvoicePreviewDialog(QDialog):
    """The invoice of one order as it will be issued; "Kiállítás" (Enter) issues it."""

    def __init__(self, ctx: AppContext, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id = order_id
        self.preview: InvoicePreview | None = None
        self.setWindowTitle("Számla készítése – előnézet")
        self.resize(980, 620)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.fulfilment = QDateEdit()
        self.fulfilment.setCalendarPopup(True)
        self.fulfilment.setDisplayFormat("yyyy.MM.dd.")
        self.fulfilment.setDate(QDate.currentDate())
        # Until the user picks a day, the draft's default stands (the order's delivery day, else today).
        self.fulfilment_chosen = False
        self.fulfilment.dateChanged.connect(self._fulfilment_changed)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("pl. 391,25")
        self.rate.editingFinished.connect(self.refresh)
        self.rate_label = QLabel("Árfolyam (MNB, a teljesítés napján):")
        self.not_vat_subject = QCheckBox("A vevő nem ÁFA-alany (nincs adószáma, pl. egyesület, alapítvány)")
        self.not_vat_subject.toggled.connect(self.refresh)
        form = QFormLayout()
        form.addRow("Teljesítés dátuma:", self.fulfilment)
        form.addRow(self.rate_label, self.rate)
        form.addRow("", self.not_vat_subject)
        self.lines = QTableWidget(0, len(LINE_HEADERS))
        self.lines.setHorizontalHeaderLabels(LINE_HEADERS)
        self.lines.verticalHeader().setVisible(False)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.problems = QLabel()
        self.problems.setObjectName("invoice_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton("Kiállítás", QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setDefault(True)  # Enter issues it
        self.buttons.addButton("Mégse", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(form)
        layout.addWidget(self.lines, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(self.totals)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.issued_number = ""
        self.refresh()

    def options(self, *, confirm_late: bool = False) -> InvoiceOptions:
        rate = None
        if self.rate.text().strip():
            try:
                rate = parse_decimal(self.rate.text())
            except (ValueError, ArithmeticError):
                rate = None
        chosen = self.fulfilment.date().toPython() if self.fulfilment_chosen else None
        return InvoiceOptions(
            fulfilment_date=chosen,  # type: ignore[arg-type]
            exchange_rate=rate,
            not_vat_subject=self.not_vat_subject.isChecked(),
            late_fulfilment_confirmed=confirm_late,
        )

    def _fulfilment_changed(self) -> None:
        self.fulfilment_chosen = True
        self.refresh()

    def refresh(self) -> None:
        options = self.options(confirm_late=True)  # the question comes only when issuing
        self.issue_button.setEnabled(False)
        self.ctx.tasks.run(lambda db: load_preview(db, self.order_id, options), self._show, parent=self)

    def _show(self, preview: InvoicePreview) -> None:
        self.preview = preview
        if not self.fulfilment_chosen:
            day = preview.fulfilment_date
            self.fulfilment.blockSignals(True)
            self.fulfilment.setDate(QDate(day.year, day.month, day.day))
            self.fulfilment.blockSignals(False)
        cur = preview.currency
        words = "Ft" if cur == "HUF" else cur
        self.header.setText(
            f"<b>{escape(preview.order_number)}</b> rendelés – vevő: <b>{escape(preview.buyer_name)}</b> "
            f"({escape(preview.buyer_status)})<br>{escape(preview.buyer_address)}"
            + (f"<br>Adószám: {escape(preview.buyer_tax_number)}" if preview.buyer_tax_number else "")
            + f"<br>Kelt: <b>{format_date(preview.issue_date)}</b> (a kiállítás napja) · Fizetési határidő: "
            f"{format_date(preview.due_date)} · Fizetési mód: {escape(preview.payment_method or '–')} · "
            f"Pénznem: {cur}"
        )
        foreign = cur != "HUF"
        self.rate.setVisible(foreign)
        self.rate_label.setVisible(foreign)
        if foreign and not self.rate.text() and preview.order_rate not in (Decimal(0), Decimal(1)):
            self.rate.setText(format_decimal(preview.order_rate.normalize()))  # the shop's, to confirm
        needs = preview.needs - {CONFIRM_LATE_FULFILMENT}
        self.not_vat_subject.setVisible(CONFIRM_NOT_VAT_SUBJECT in needs or self.not_vat_subject.isChecked())
        self.lines.setRowCount(len(preview.lines))
        for row, line in enumerate(preview.lines):
            values = [
                (line.name, False),
                (format_quantity(line.quantity), True),
                (line.unit, False),
                (line.vat_code, False),
                (format_decimal(line.unit_net, 2), True),
                (format_money(line.net, cur), True),
                (format_money(line.vat, cur), True),
                (format_money(line.gross, cur), True),
            ]
            for col, (text, right) in enumerate(values):
                item = _cell(text, right)
                if line.split:
                    item.setToolTip(
                        "Kedvezmény vagy költség az ÁFA-kulcsok arányában megosztva (Áfa tv. 70. §)"
                    )
                self.lines.setItem(row, col, item)
        rows = "".join(
            f"<tr><td>{escape(r.vat_code)}</td>"
            + "".join(f"<td align=right>{format_money(x, cur)}</td>" for x in (r.net, r.vat, r.gross))
            + "</tr>"
            for r in preview.vat_rows
        )
        self.totals.setText(
            "<table cellspacing=6><tr><th>ÁFA</th><th>Nettó</th><th>ÁFA</th><th>Bruttó</th></tr>"
            f"{rows}</table><b>Végösszeg: {format_money(preview.gross_total, cur)} {words}</b>"
        )
        blocking = [p for p in preview.problems if p.resolves_by != CONFIRM_LATE_FULFILMENT]
        self.problems.setText("\n".join(f"• {p.text}" for p in blocking))
        self.issue_button.setEnabled(not blocking)
        if NEEDS_RATE in needs:
            self.rate.setFocus()

    def issue(self) -> None:
        preview = self.preview
        if preview is None or not self.issue_button.isEnabled():
            return
        fulfilment: date = self.fulfilment.date().toPython()  # type: ignore[assignment]
        if fulfilment > preview.issue_date:
            answer = QMessageBox.question(
                self,
                "Teljesítés dátuma",
                f"A teljesítés ({format_date(fulfilment)}) későbbi a számla kelténél "
                f"({format_date(preview.issue_date)}). Biztosan így állítja ki?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        options = self.options(confirm_late=True)
        from app.gui.operations.invoicing import issue_orders

        self.issue_button.setEnabled(False)
        issue_orders(self.ctx, self.parentWidget(), {self.order_id: options}, on_done=self._issued)

    def _issued(self, made: list[str]) -> None:
        if made:
            self.issued_number = made[0]
            self.accept()
        else:
            self.refresh()


class BatchInvoiceDialog(QDialog):
    """Several orders: what will be issued, what is held and why; one click issues the ready ones."""

    def __init__(self, ctx: AppContext, order_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_ids = order_ids
        self.previews: list[InvoicePreview] = []
        self.setWindowTitle("Számla készítése – összesítés")
        self.resize(900, 480)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Rendelés", "Vevő", "Végösszeg", "Állapot"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton("Kiállítás", QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setDefault(True)
        self.buttons.addButton("Mégse", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.issue_button.setEnabled(False)

        def work(db: Database) -> list[InvoicePreview]:
            out = []
            for order_id in order_ids:
                try:
                    out.append(load_preview(db, order_id, InvoiceOptions()))
                except ValidationError:
                    continue
            return out

        ctx.tasks.run(work, self._show, parent=self)

    def _show(self, previews: list[InvoicePreview]) -> None:
        self.previews = previews
        self.table.setRowCount(len(previews))
        for row, p in enumerate(previews):
            words = "Ft" if p.currency == "HUF" else p.currency
            state = "kiállítható" if p.ready else "várakozik: " + " ".join(x.text for x in p.problems)
            for col, (text, right) in enumerate(
                (
                    (p.order_number, False),
                    (p.buyer_name, False),
                    (f"{format_money(p.gross_total, p.currency)} {words}", True),
                    (state, False),
                )
            ):
                item = _cell(text, right, red=not p.ready and col == 3)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        for col in range(3):  # order number, buyer and total as wide as they are; the reason stretches
            self.table.resizeColumnToContents(col)
        ready = sum(1 for p in previews if p.ready)
        held = len(previews) - ready
        self.summary.setText(
            f"{ready} számla kiállítható, {held} várakozik (a piros sorok oka a táblázatban)."
        )
        self.issue_button.setText(f"Kiállítás ({ready})")
        self.issue_button.setEnabled(ready > 0)

    def issue(self) -> None:
        from app.gui.operations.invoicing import issue_orders

        ready = {p.order_id: InvoiceOptions() for p in self.previews if p.ready}
        self.issue_button.setEnabled(False)
        issue_orders(self.ctx, self.parentWidget(), ready, on_done=lambda _made: self.accept())
