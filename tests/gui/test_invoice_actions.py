"""Számla készítése from the order list; the invoice list shows it with its e-mail status."""

from __future__ import annotations

from decimal import Decimal as D

from app.gui.context import AppContext
from app.gui.screens.sales.document_lists import InvoiceListScreen, OrderListScreen
from tests.services.test_invoicing import make_order, set_company


def _column(screen, key: str) -> int:
    return next(i for i, c in enumerate(screen.spec.columns) if c.key == key)


def test_invoice_from_the_order_list(ctx: AppContext, qtbot, messages, monkeypatch) -> None:
    with ctx.db.transaction() as s:
        set_company(s)
        make_order(s, [("GUI-1", "27%", "2", "1270")])
        make_order(s, [("GUI-2", "27%", "1", "25.40")], currency="EUR", exchange_rate=D("390.5"))
    from PySide6.QtWidgets import QInputDialog

    asked: list[str] = []

    def confirm_rate(_parent, _title, label, text="", **_kw):
        asked.append(text)
        return "391,25", True

    monkeypatch.setattr(QInputDialog, "getText", confirm_rate)
    orders = OrderListScreen(ctx)
    qtbot.addWidget(orders)
    orders.show()
    qtbot.waitUntil(lambda: orders.model.rowCount() == 2)
    status = _column(orders, "status")
    assert {orders.model.index(r, status).data() for r in range(2)} == {"Kiszállítandó"}
    assert orders.model.index(0, _column(orders, "reserved")).data() in ("1", "2")
    orders.table.selectAll()
    orders.action_invoice.trigger()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("2 számla elkészült: SZ-"), messages
    assert asked == ["390,5"], "the EUR rate is asked for, prefilled from the order"
    qtbot.waitUntil(lambda: {orders.model.index(r, status).data() for r in range(2)} == {"Számlázva"})

    invoices = InvoiceListScreen(ctx)
    qtbot.addWidget(invoices)
    invoices.show()
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 2)
    assert {invoices.model.index(r, _column(invoices, "email")).data() for r in range(2)} == {
        "nincs elküldve"
    }
    # a second click on an invoiced order is refused with a message, nothing doubled
    orders.table.selectAll()
    orders.action_invoice.trigger()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=10000)
    assert "2 hiba" in messages[1] and "már készült számla" in messages[1]
    qtbot.waitUntil(ctx.tasks.is_idle)


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
    assert CredentialStore().get(PASSWORD_KEY) == "titkos-jelszó"


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
    assert "NAV Online Számla" in dialog.hint.text() and dialog.hint.isVisible()
    dialog.email_button.click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("0 számla elküldve.") and "Nincs beállítva levelezőszerver" in messages[0]
