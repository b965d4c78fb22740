"""NAV reporting as the user sees it, with the built-in NAV service running: the settings
dialog and its connection test, the Számlák list's NAV column, the messages and a resend,
the status bar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from app.credentials import CredentialStore
from app.gui.context import AppContext
from app.gui.screens.sales.document_lists import InvoiceListScreen, OrderListScreen
from app.gui.screens.sales.invoice_preview import InvoicePreviewDialog
from app.gui.screens.sales.nav_report import NavReportDialog
from app.gui.screens.settings.nav_settings import NavSettingsDialog
from app.navsandbox.server import NavTestService
from app.navsandbox.users import DEFAULT_USER, TechnicalUser
from tests.nav.conftest import set_up_nav
from tests.services.test_invoicing import make_order, set_company


@pytest.fixture
def nav_service() -> Iterator[NavTestService]:
    service = NavTestService().start()
    yield service
    service.stop()


def _column(screen, key: str) -> int:
    return next(i for i, c in enumerate(screen.spec.columns) if c.key == key)


def _issue_through_the_preview(ctx: AppContext, qtbot, code: str) -> None:
    with ctx.db.transaction() as s:
        set_company(s)
        order_id = make_order(s, [(code, "27%", "1", "1270")]).id
    preview = InvoicePreviewDialog(ctx, order_id)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.issue_button.isEnabled())
    qtbot.keyClick(preview, Qt.Key.Key_Return)


def test_settings_dialog_tests_the_connection_in_hungarian(ctx: AppContext, qtbot, nav_service) -> None:
    dialog = NavSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    dialog.environment.setCurrentIndex(dialog.environment.findData("builtin"))
    dialog.url.setText(nav_service.base_url)
    dialog.login.setText(DEFAULT_USER.login)
    dialog.tax_number.setText("12345676-2-41")
    dialog.password.setText("rossz-jelszo")
    dialog.signature_key.setText(DEFAULT_USER.signature_key)
    dialog.exchange_key.setText(DEFAULT_USER.exchange_key)
    dialog.test_button.click()
    qtbot.waitUntil(
        lambda: dialog.test_button.isEnabled() and "Kapcsolódás" not in dialog.state.text(), timeout=10000
    )
    assert "jelszavát" in dialog.state.text() and "b00020" in dialog.state.styleSheet()
    dialog.password.setText(DEFAULT_USER.password)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "rendben" in dialog.state.text(), timeout=10000)
    assert "12345676" in dialog.state.text()
    reopened = NavSettingsDialog(ctx)
    qtbot.addWidget(reopened)
    qtbot.waitUntil(reopened.isEnabled)
    assert reopened.login.text() == DEFAULT_USER.login and reopened.password.text() == ""
    assert "nem változik" in reopened.password.placeholderText(), "a saved secret is never shown back"


def test_the_nav_column_messages_and_resend(ctx: AppContext, qtbot, messages, nav_service) -> None:
    creds = CredentialStore()
    other = TechnicalUser(
        "masikceg01", "Masik-Jelszo-1", "mk-0000-masik-alairokulcs-0000000", "MASIKCEGCSEREKUL", "87654323"
    )
    nav_service.add_user(other)
    set_up_nav(ctx.db, creds, nav_service, user=other)  # a technical user of another company
    invoices = InvoiceListScreen(ctx)
    qtbot.addWidget(invoices)
    invoices.show()
    _issue_through_the_preview(ctx, qtbot, "GUI-NAV-1")
    nav = _column(invoices, "nav")
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: invoices.model.index(0, nav).data() == "Elutasítva", timeout=15000)
    invoices.table.selectRow(0)
    document_id = invoices.current_id()
    assert document_id is not None
    dialog = NavReportDialog(ctx, document_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.messages.rowCount() == 1)
    code, text = dialog.messages.item(0, 1), dialog.messages.item(0, 2)
    assert code is not None and text is not None
    assert code.text() == "SUPPLIER_TAX_NUMBER_MISMATCH"
    assert text.text().startswith("Az eladó adószáma nem azonos")
    assert "NAV beállítás" in dialog.hint.text() and dialog.resend_button.isEnabled()
    set_up_nav(ctx.db, creds, nav_service)  # the settings fixed
    dialog.resend_button.click()
    qtbot.waitUntil(lambda: any("újraküldve" in m for m in messages), timeout=15000)
    assert "NAV-állapot: Befogadva" in next(m for m in messages if "újraküldve" in m)
    qtbot.waitUntil(lambda: invoices.model.index(0, nav).data() == "Befogadva", timeout=15000)
    qtbot.waitUntil(ctx.tasks.is_idle)


def test_the_status_bar_counts_what_waits(ctx: AppContext, qtbot, messages) -> None:
    from app.gui.auto_sync import AutoSync

    window = QMainWindow()
    qtbot.addWidget(window)
    sync = AutoSync(ctx, window, tick_ms=3_600_000)
    orders = OrderListScreen(ctx)
    qtbot.addWidget(orders)
    _issue_through_the_preview(ctx, qtbot, "VAR-GUI")  # no NAV settings: issued, waiting
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    sync.refresh_status()
    label = window.findChild(QLabel, "nav_status")
    assert label is not None
    qtbot.waitUntil(lambda: "1 számla beküldésre vagy visszaigazolásra vár" in label.text(), timeout=10000)
    qtbot.waitUntil(ctx.tasks.is_idle)
