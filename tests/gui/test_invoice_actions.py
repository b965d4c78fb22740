"""Számla készítése from the order list through its preview; corrections from the invoice list."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt

from app.gui.context import AppContext
from app.gui.screens.sales.document_lists import InvoiceListScreen, OrderListScreen
from app.gui.screens.sales.invoice_preview import BatchInvoiceDialog, InvoicePreviewDialog
from tests.services.test_invoicing import make_order, set_company


def _column(screen, key: str) -> int:
    return next(i for i, c in enumerate(screen.spec.columns) if c.key == key)


def _dialog(screen, cls):
    found = [d for d in screen.findChildren(cls) if d.isVisible()]
    return found[-1] if found else None


def test_one_order_is_previewed_then_issued_with_enter(ctx: AppContext, qtbot, messages) -> None:
    with ctx.db.transaction() as s:
        set_company(s)
        make_order(
            s,
            [
                ("GUI-1", "27%", "2", "1270"),
                ("GUI-2", "5%", "1", "990"),
                ("SZOLG-SZALLITAS", "27%", "1", "990"),
            ],
        )
    orders = OrderListScreen(ctx)
    qtbot.addWidget(orders)
    orders.show()
    qtbot.waitUntil(lambda: orders.model.rowCount() == 1)
    orders.table.selectRow(0)
    orders.action_invoice.trigger()
    qtbot.waitUntil(lambda: _dialog(orders, InvoicePreviewDialog) is not None)
    preview = _dialog(orders, InvoicePreviewDialog)
    qtbot.waitUntil(lambda: preview.preview is not None and preview.issue_button.isEnabled())
    names = [preview.lines.item(r, 0).text() for r in range(preview.lines.rowCount())]
    assert "Termék SZOLG-SZALLITAS – 5%-os tételekre" in names, "the shipping split is shown before issuing"
    assert "Végösszeg: 4" in preview.totals.text() and preview.problems.text() == ""
    qtbot.keyClick(preview, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("1 számla elkészült: SZ-"), messages
    status = _column(orders, "status")
    qtbot.waitUntil(lambda: orders.model.index(0, status).data() == "Számlázva")


def test_a_held_order_shows_why_in_red_and_the_batch_issues_the_rest(
    ctx: AppContext, qtbot, messages
) -> None:
    with ctx.db.transaction() as s:
        set_company(s)
        make_order(s, [("OK-1", "27%", "1", "1270")])
        make_order(s, [("EUR-1", "27%", "1", "25.40")], currency="EUR", exchange_rate=D("390.5"))
        make_order(s, [("EGY-1", "27%", "1", "500")], customer="Horgász Egyesület", tax_number="")
    orders = OrderListScreen(ctx)
    qtbot.addWidget(orders)
    orders.show()
    qtbot.waitUntil(lambda: orders.model.rowCount() == 3)
    orders.table.selectAll()
    orders.action_invoice.trigger()
    qtbot.waitUntil(lambda: _dialog(orders, BatchInvoiceDialog) is not None)
    batch = _dialog(orders, BatchInvoiceDialog)
    qtbot.waitUntil(lambda: batch.table.rowCount() == 3)
    states = {batch.table.item(r, 0).text(): batch.table.item(r, 3).text() for r in range(3)}
    assert sum(1 for s in states.values() if s == "kiállítható") == 1
    assert any("árfolyam" in s for s in states.values()) and any(
        "nincs adószáma" in s for s in states.values()
    )
    assert batch.issue_button.text() == "Kiállítás (1)"
    batch.issue_button.click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("1 számla elkészült")

    # The EUR order, one by one: the shop's rate is offered; confirmed, it issues.
    currency = _column(orders, "currency")
    eur_row = next(r for r in range(3) if orders.model.index(r, currency).data() == "EUR")
    orders.table.clearSelection()
    orders.table.selectRow(eur_row)
    orders.action_invoice.trigger()
    qtbot.waitUntil(lambda: _dialog(orders, InvoicePreviewDialog) is not None)
    preview = _dialog(orders, InvoicePreviewDialog)
    qtbot.waitUntil(lambda: preview.preview is not None and preview.rate.isVisible())
    assert preview.rate.text() == "390,5" and not preview.issue_button.isEnabled()
    preview.rate.setText("391,25")
    preview.refresh()
    qtbot.waitUntil(lambda: preview.issue_button.isEnabled())
    preview.issue_button.click()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=10000)
    assert messages[1].startswith("1 számla elkészült")
    qtbot.waitUntil(ctx.tasks.is_idle)


def test_a_modifying_invoice_from_the_invoice_list(ctx: AppContext, qtbot, messages) -> None:
    from app.gui.screens.sales.modify_invoice import ModifyInvoiceDialog
    from app.services import invoicing

    with ctx.db.transaction() as s:
        set_company(s)
        invoicing.invoice_from_order(s, make_order(s, [("VISSZA-1", "27%", "3", "1270")]).id)
    invoices = InvoiceListScreen(ctx)
    qtbot.addWidget(invoices)
    invoices.show()
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 1)
    invoices.table.selectRow(0)
    invoices.action_modify.trigger()
    qtbot.waitUntil(lambda: _dialog(invoices, ModifyInvoiceDialog) is not None)
    dialog = _dialog(invoices, ModifyInvoiceDialog)
    qtbot.waitUntil(lambda: dialog.isEnabled() and dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 2).text() == "3"
    dialog.table.item(0, 5).setText("1")
    dialog.issue_button.click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("Elkészült a helyesbítő számla: SZ-")
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 2)


def test_mail_settings_dialog_saves_server_and_keeps_the_password_out_of_the_database(
    ctx: AppContext, qtbot
) -> None:
    from app.credentials import CredentialStore
    from app.gui.screens.settings.mail_settings import MailSettingsDialog
    from app.services.invoice_mail import PASSWORD_KEY, load_smtp_settings

    dialog = MailSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    assert dialog.port.value() == 587
    dialog.host.setText("smtp.example.hu")
    dialog.port.setValue(465)
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    dialog.user.setText("bolt@example.hu")
    dialog.password.setText("titkos-jelszó")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)
    settings = load_smtp_settings(ctx.db)
    assert (settings.host, settings.port, settings.security, settings.user) == (
        "smtp.example.hu",
        465,
        "ssl",
        "bolt@example.hu",
    )
    assert CredentialStore().for_database(ctx.db.identity()).get(PASSWORD_KEY) == "titkos-jelszó"


def test_invoice_view_sends_by_email_and_reports_a_missing_server(ctx: AppContext, qtbot, messages) -> None:
    from app.db.documents import DocumentKind
    from app.gui.screens.sales.document_dialog import DocumentDialog
    from app.services import invoicing

    with ctx.db.transaction() as s:
        set_company(s)
        invoice_id = invoicing.invoice_from_order(s, make_order(s, [("NEZET-1", "27%", "1", "1270")]).id).id
    dialog = DocumentDialog(ctx, DocumentKind.INVOICE, invoice_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    assert "nem módosítható" in dialog.hint.text() and dialog.hint.isVisible()
    dialog.email_button.click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("0 számla elküldve.") and "Nincs beállítva levelezőszerver" in messages[0]


def test_the_order_shows_its_split_and_the_preview_takes_its_delivery_day(
    ctx: AppContext, qtbot, messages
) -> None:
    from datetime import date

    from PySide6.QtWidgets import QLabel

    from app.db.documents import DocumentKind
    from app.gui.screens.sales.document_dialog import DocumentDialog

    with ctx.db.transaction() as s:
        set_company(s)
        order = make_order(
            s,
            [
                ("SPLIT-1", "27%", "1", "2540"),
                ("SPLIT-2", "5%", "1", "2540"),
                ("SZOLG-SZALLITAS", "27%", "1", "1000"),
            ],
            fulfilment_date=date(2026, 11, 28),
        )
        order_id = order.id
    dialog = DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER, order_id)
    qtbot.addWidget(dialog)
    dialog.show()
    split = dialog.findChild(QLabel, "order_split")
    assert split is not None
    qtbot.waitUntil(lambda: split.isVisible())
    # Half the goods are at 5 %: the shipping fee is shared 500 / 500 between the two rates.
    assert "3. Termék SZOLG-SZALLITAS → 27%: 500 · 5%: 500" in split.text().replace("\u00a0", " ")
    assert dialog.delivery_date.date().toPython() == date(2026, 11, 28)
    dialog.close()

    preview = InvoicePreviewDialog(ctx, order_id)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.preview is not None)
    assert preview.fulfilment.date().toPython() == date(2026, 11, 28)
    assert preview.preview is not None and preview.preview.fulfilment_date == date(2026, 11, 28)
    qtbot.waitUntil(ctx.tasks.is_idle)


def test_an_invoice_prints_through_the_print_dialog_page_by_page(ctx: AppContext, qtbot, tmp_path) -> None:
    """Printed to Qt's PDF printer: the paper copy is the invoice's own PDF, drawn page by page."""
    import shutil
    import subprocess

    import pytest
    from PySide6.QtPrintSupport import QPrinter

    from app.gui.operations.invoicing import print_invoice
    from app.services import invoicing

    with ctx.db.transaction() as s:
        set_company(s)
        lines = [(f"NYOMTAT-{i}", "27%", "1", "1270") for i in range(45)]  # long enough for two pages
        invoice_id = invoicing.invoice_from_order(s, make_order(s, lines).id).id
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "nyomtatas.pdf"
    printer.setOutputFileName(str(target))
    print_invoice(ctx, None, invoice_id, printer)
    qtbot.waitUntil(lambda: ctx.tasks.is_idle() and target.exists() and target.stat().st_size > 10_000)
    if shutil.which("pdfinfo") is None:
        pytest.skip("needs pdfinfo (poppler-utils)")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    printed = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    source = tmp_path / "szamla.pdf"
    with ctx.db.reading() as s:
        source.write_bytes(invoicing.invoice_pdf(s, invoice_id)[1])
    info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True, check=True).stdout
    expected = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert expected >= 2 and printed == expected
