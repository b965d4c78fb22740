"""Documents and master data through their dialogs, as a user enters them."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from app.db.catalog import PaymentMethod
from app.db.company import Company
from app.db.documents import Document, DocumentKind
from app.gui.context import AppContext
from app.gui.screens.masterdata.company import company_dialog
from app.gui.screens.masterdata.customers import customer_dialog
from app.gui.screens.masterdata.master_tables import PaymentMethodListScreen
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_dialog import DocumentDialog
from app.gui.screens.sales.document_lists import OrderListScreen
from app.services.products import ProductInput, create_product
from app.services.stock import stock_level


def _open(dialog, qtbot):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    return dialog


def _save(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.buttons()[0].click()


def test_receipt_then_order_through_the_forms_updates_stock(ctx: AppContext, qtbot, messages) -> None:
    with ctx.db.transaction() as s:
        p = create_product(
            s, ProductInput(code="FURO-1", name="Fúró", gross_price=D(12700), purchase_price=D(5000))
        )
    products = ProductListScreen(ctx)
    qtbot.addWidget(products)
    products.show()
    qtbot.waitUntil(lambda: products.model.rowCount() == 1)

    receipt = _open(DocumentDialog(ctx, DocumentKind.PURCHASE_RECEIPT), qtbot)
    receipt.lines.item(0, 0).setText("furo-1")  # codes match case-insensitively
    receipt.lines.item(0, 2).setText("10")
    qtbot.waitUntil(lambda: receipt.lines.item(0, 1).text() == "Fúró")
    _save(receipt, qtbot)
    assert receipt.saved_number.startswith("BE-")

    order = _open(DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER), qtbot)
    order.lines.item(0, 0).setText("FURO-1")
    order.lines.item(0, 2).setText("3")
    order.header_note.setPlainText("Webshop rendelés: 1000-1001")
    _save(order, qtbot)
    assert messages == []

    # The product list refreshed itself from the change notice: on hand 10, reserved 3, free 7.
    def stock_cells() -> list[str]:
        return [products.model.index(0, c).data() for c in (8, 9, 10)]

    qtbot.waitUntil(lambda: stock_cells() == ["10", "3", "7"])
    with ctx.db.reading() as s:
        level = stock_level(s, p.id)
        assert (level.on_hand, level.reserved) == (D(10), D(3))
        saved = s.scalar(select(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER))
        assert saved is not None and saved.header_note == "Webshop rendelés: 1000-1001"
        assert saved.gross_total == D(38100)


def test_negative_receipt_in_the_form_is_refused_and_nothing_saved(ctx: AppContext, qtbot, messages) -> None:
    with ctx.db.transaction() as s:
        create_product(s, ProductInput(code="X", name="X", purchase_price=D(10)))
    receipt = _open(DocumentDialog(ctx, DocumentKind.PURCHASE_RECEIPT), qtbot)
    receipt.lines.item(0, 0).setText("X")
    receipt.lines.item(0, 2).setText("-5")
    receipt.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "csak pozitív" in messages[0]
    assert receipt.isVisible()
    with ctx.db.reading() as s:
        assert s.scalar(select(Document)) is None


def test_existing_order_opens_read_only_with_its_lines(ctx: AppContext, qtbot) -> None:
    from app.services import documents as docs

    with ctx.db.transaction() as s:
        p = create_product(s, ProductInput(code="A", name="Alma", gross_price=D(5000), vat_code="5%"))
        doc = docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(1), p.id)]))
    orders = OrderListScreen(ctx)
    qtbot.addWidget(orders)
    orders.show()
    qtbot.waitUntil(lambda: orders.model.rowCount() == 1)
    view = _open(DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER, doc.id), qtbot)
    assert doc.number in view.windowTitle() and "Nyitott" in view.windowTitle()
    assert [view.lines.item(0, c).text() for c in (1, 5, 6, 7, 8)] == [
        "Alma",
        "5%",
        "4\u00a0762",
        "238",
        "5\u00a0000",
    ]


def test_customer_dialog_refuses_a_mistyped_tax_number(ctx: AppContext, qtbot, messages) -> None:
    dialog = _open(customer_dialog(ctx, None, None), qtbot)
    dialog.form.widgets["name"].setText("Cég Kft.")
    dialog.form.widgets["is_private"].setChecked(False)
    dialog.form.widgets["tax_number"].setText("12345678-2-41")  # the 8th digit should be 6
    dialog.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "ellenőrző számjegye hibás" in messages[0]
    dialog.form.widgets["tax_number"].setText("12345676-2-41")
    _save(dialog, qtbot)


def test_payment_method_edit_and_company_data(ctx: AppContext, qtbot, messages) -> None:
    screen = PaymentMethodListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4)
    screen.create_new()
    dialog = screen.findChildren(type(company_dialog(ctx, None)))[-1]
    qtbot.waitUntil(dialog.isEnabled)
    dialog.form.widgets["name"].setText("készpénz")  # clashes with "Készpénz", case-insensitively
    dialog.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "már létezik" in messages[0]
    dialog.form.widgets["name"].setText("SZÉP kártya")
    dialog.form.widgets["due_days"].setValue(3)
    _save(dialog, qtbot)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 5)
    with ctx.db.reading() as s:
        assert s.scalar(select(PaymentMethod.due_days).where(PaymentMethod.name == "SZÉP kártya")) == 3

    company = _open(company_dialog(ctx, None), qtbot)
    company.form.widgets["name"].setText("Őrült Ügyfél Kft.")
    company.form.widgets["tax_number"].setText("12345676-2-41")
    company.form.widgets["bank_account"].setText("11111111-22222222")
    _save(company, qtbot)
    with ctx.db.reading() as s:
        c = s.scalar(select(Company))
        assert c is not None and (c.name, c.tax_number) == ("Őrült Ügyfél Kft.", "12345676-2-41")
