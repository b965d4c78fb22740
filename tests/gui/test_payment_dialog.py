"""Kiegyenlítés from the invoice list: a part payment, the list's paid/open columns and filter, a
payment above the open amount refused in Hungarian, then the rest."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QDialogButtonBox

from app.gui.context import AppContext
from app.gui.screens.sales.document_lists import InvoiceListScreen
from app.gui.screens.sales.payment_dialog import PaymentDialog
from app.services import invoicing
from tests.gui.test_invoice_actions import _column, _dialog
from tests.services.test_invoicing import make_order, set_company


def _open_payment(invoices: InvoiceListScreen, qtbot) -> PaymentDialog:
    invoices.table.selectRow(0)
    invoices.action_payment.trigger()
    qtbot.waitUntil(lambda: _dialog(invoices, PaymentDialog) is not None)
    dialog = _dialog(invoices, PaymentDialog)
    qtbot.waitUntil(dialog.isEnabled)
    return dialog


def test_a_part_payment_then_the_rest_from_the_invoice_list(ctx: AppContext, qtbot, messages) -> None:
    with ctx.db.transaction() as s:
        set_company(s)
        invoicing.invoice_from_order(s, make_order(s, [("FIZ-1", "27%", "2", "6350")]).id)
    invoices = InvoiceListScreen(ctx)
    qtbot.addWidget(invoices)
    invoices.show()
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 1)
    state = _column(invoices, "paid_state")
    assert invoices.model.index(0, state).data() == "nyitott"
    dialog = _open_payment(invoices, qtbot)
    assert "nyitott: 12\u00a0700 Ft" in dialog.summary.text()
    assert dialog.amount.value() == D(12700)  # the open amount offered
    dialog.amount.setText("5 000")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: invoices.model.index(0, state).data() == "részben fizetve", timeout=10000)
    assert invoices.model.row_values(0)[_column(invoices, "open") + 1] == D(7700)
    # Above what is open: refused in Hungarian, nothing recorded, the dialog stays.
    dialog = _open_payment(invoices, qtbot)
    assert dialog.earlier.rowCount() == 1 and dialog.earlier.item(0, 2).text() == "átutalás"  # type: ignore[union-attr]
    dialog.amount.setText("8 000")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert "több, mint a" in messages[0] and dialog.isVisible()
    dialog.amount.setText("7 700")
    dialog.way.setCurrentIndex(dialog.way.findData("cash"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: invoices.model.index(0, state).data() == "fizetve", timeout=10000)
    # The list's own filters: by the state of payment, and by the due date.
    bar = invoices.filter_bar
    assert bar is not None
    paid = bar.choices["paid_state"]
    paid.setCurrentIndex(paid.findData("fizetve"))
    assert invoices.model.rowCount() == 1
    assert "due_date" in bar.ranges
