"""Számla készítése, sztornó, PDF, e-mail from the GUI: the work runs off the UI thread."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from app.credentials import CredentialStore
from app.db.database import Database
from app.errors import AppError
from app.gui import changes
from app.gui.context import AppContext
from app.gui.operations.nav import report_to_nav
from app.services import invoicing
from app.services.invoice_drafts import InvoiceOptions
from app.services.invoice_mail import send_invoices
from app.sync import shops
from app.sync.invoice_writeback import write_back_invoices


@dataclass
class InvoiceRun:
    made: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = []
        if self.made:
            lines.append(f"{len(self.made)} számla elkészült: {', '.join(self.made)}")
        if self.failed:
            lines.append(f"{len(self.failed)} hiba:")
            lines += [f"  • {f}" for f in self.failed]
        lines += self.notes
        return "\n".join(lines)


def invoice_orders(ctx: AppContext, parent: QWidget | None, order_ids: list[int]) -> None:
    """Számla készítése: a look at the invoice first (one order) or at the summary (several)."""
    if not order_ids:
        return
    from app.gui.screens.sales.invoice_preview import BatchInvoiceDialog, InvoicePreviewDialog

    dialog: QDialog
    if len(order_ids) == 1:
        dialog = InvoicePreviewDialog(ctx, order_ids[0], parent)
    else:
        dialog = BatchInvoiceDialog(ctx, order_ids, parent)
    dialog.open()


def issue_orders(
    ctx: AppContext,
    parent: QWidget | None,
    orders: dict[int, InvoiceOptions],
    on_done: Callable[[list[str]], None] | None = None,
) -> None:
    """Issue the invoices of ``orders`` off the UI thread; one summary at the end."""

    def work(db: Database) -> InvoiceRun:
        run = InvoiceRun()
        shop_ids = set()
        for order_id, options in orders.items():
            try:
                with db.issuing() as session:
                    invoice = invoicing.invoice_from_order(session, order_id, options)
                    run.made.append(invoice.number)
                    if invoice.shop_id is not None:
                        shop_ids.add(invoice.shop_id)
            except AppError as exc:
                run.failed.append(exc.user_message)
        credentials = CredentialStore()
        for shop_id in sorted(shop_ids):
            try:
                run.notes += write_back_invoices(db, shop_id, shops.shop_client(db, credentials, shop_id))
            except AppError as exc:  # the invoice stands; the write-back is retried by the next sync
                run.notes.append(f"A számlaszám visszaírása később folytatódik: {exc.user_message}")
        return run

    def done(run: InvoiceRun) -> None:
        ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS)
        if run.made:
            report_to_nav(ctx)
        QMessageBox.information(parent, "Számla készítése", run.text())
        if on_done is not None:
            on_done(run.made)

    ctx.tasks.run(work, done, _error_handler(parent), parent=parent)


def storno(ctx: AppContext, parent: QWidget | None, invoice_id: int) -> None:
    def work(db: Database) -> str:
        from app.services.invoice_corrections import storno_invoice

        with db.issuing() as session:
            return storno_invoice(session, invoice_id).number

    def done(number: str) -> None:
        ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS)
        report_to_nav(ctx)
        QMessageBox.information(parent, "Sztornó", f"Elkészült a sztornó számla: {number}")

    ctx.tasks.run(work, done, _error_handler(parent), parent=parent)


def open_pdf(ctx: AppContext, parent: QWidget | None, invoice_id: int) -> None:
    def work(db: Database) -> Path:
        with db.reading() as session:
            number, pdf = invoicing.invoice_pdf(session, invoice_id)
        return pdf_file(Path(tempfile.gettempdir()), number, pdf)

    def done(path: Path) -> None:
        show_pdf(parent, path)

    ctx.tasks.run(work, done, _error_handler(parent), parent=parent)


def print_invoice(
    ctx: AppContext, parent: QWidget | None, invoice_id: int, printer: QPrinter | None = None
) -> None:
    """Számla nyomtatása: the invoice's own PDF through Qt's print dialog."""

    def work(db: Database) -> bytes:
        with db.reading() as session:
            return invoicing.invoice_pdf(session, invoice_id)[1]

    def done(pdf: bytes) -> None:
        from app.gui.operations.invoice_print import ask_printer, print_pdf

        chosen = printer or ask_printer(parent)
        if chosen is None:
            return
        try:
            print_pdf(chosen, pdf)
        except OSError as exc:
            QMessageBox.warning(parent, "Számla nyomtatása", f"A nyomtatás nem sikerült: {exc}")

    ctx.tasks.run(work, done, _error_handler(parent), parent=parent)


def show_pdf(parent: QWidget | None, path: Path, what: str = "A számla PDF-je") -> None:
    """The PDF in the user's viewer, or – with none – where it is and "Mentés másként…"."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        save_pdf_as(parent, path, what)


def save_pdf_as(parent: QWidget | None, path: Path, what: str = "A számla PDF-je") -> Path | None:
    """No PDF viewer on this machine: offer "Mentés másként…" (the path is shown either way)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "PDF megnyitása",
        f"Nincs PDF-megjelenítő beállítva ezen a gépen. {what} itt van:\n{path}\n\n"
        "Elmentheti máshová is, például e-mailhez vagy nyomtatáshoz.",
        parent=parent,
    )
    save = box.addButton("Mentés másként…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not save:
        return None
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "PDF mentése", str(Path.home() / path.name), "PDF (*.pdf)"
    )
    if not chosen:
        return None
    target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        QMessageBox.warning(
            parent, "PDF mentése", f"A fájl nem menthető ide: {target}\n{exc.strerror or exc}"
        )
        return None
    return target


def email(ctx: AppContext, parent: QWidget | None, invoice_ids: list[int]) -> None:
    if not invoice_ids:
        return

    def work(db: Database) -> str:
        results = send_invoices(db, CredentialStore(), invoice_ids)
        sent = [r.number for r in results if r.sent]
        lines = [f"{len(sent)} számla elküldve" + (f": {', '.join(sent)}" if sent else ".")]
        lines += [f"{r.number}: {r.message}" for r in results if not r.sent]
        return "\n".join(lines)

    def done(text: str) -> None:
        ctx.changes.emit(changes.DOCUMENTS)
        QMessageBox.information(parent, "E-mail küldés", text)

    ctx.tasks.run(work, done, _error_handler(parent), parent=parent)


def _error_handler(parent: QWidget | None):
    def failed(exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        show_error(parent, exc)

    return failed


def pdf_file(folder: Path, number: str, pdf: bytes) -> Path:
    """The invoice's PDF in ``folder``: the same file again when it is unchanged (a viewer may hold it
    open – on Windows it then cannot be rewritten), a new name when the old one is locked."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in number)
    path = folder / f"bolthid-{safe}.pdf"
    for attempt in range(1, 20):
        try:
            if path.exists() and path.read_bytes() == pdf:
                return path
            path.write_bytes(pdf)
            return path
        except OSError:
            path = folder / f"bolthid-{safe}-{attempt}.pdf"
    raise OSError(f"cannot write the PDF into {folder}")
