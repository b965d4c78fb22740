"""Screenshots of every list screen and the main forms, at 1366×768, with the test mode's demo data.

The program runs in a real window on an X screen (the demo shop started, its orders imported by
a "button" sync, the first product push confirmed); each tab and dialog is grabbed once its
background loads are done. Written to docs/screenshots/all/<name>.png – look at each one.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/make_all.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.db.database import Database
    from app.sandbox_shop import TestShop

OUT = Path(__file__).with_name("all")


def prepare(db: Database) -> TestShop:
    from sqlalchemy import select

    from app.credentials import CredentialStore
    from app.db.documents import Document, DocumentKind, DocumentStatus
    from app.sandbox_shop import start_test_shop
    from app.services import invoicing, masterdata
    from app.sync.shop_sync import BOTH, Trigger, sync_shop

    test = start_test_shop(db, CredentialStore())
    sync_shop(db, CredentialStore(), test.shop_id, BOTH, trigger=Trigger.BUTTON, confirmed=True)
    with db.transaction() as session:
        masterdata.save_company(
            session,
            {
                "name": "Bolthíd Bemutató Kft.",
                "postal_code": "1111",
                "city": "Budapest",
                "street": "Fő utca 1.",
                "country": "HU",
                "tax_number": "12345676-2-41",
                "vat_status": "normal",
            },
        )
    with db.transaction() as session:  # two invoices, so the invoice list has rows
        orders = session.scalars(
            select(Document.id)
            .where(Document.kind == DocumentKind.CUSTOMER_ORDER, Document.status == DocumentStatus.OPEN)
            .order_by(Document.id)
            .limit(2)
        ).all()
        invoice_ids = [invoicing.invoice_from_order(session, order_id).id for order_id in orders]
    with db.transaction() as session:  # a part payment, so the Kiegyenlítés dialog has a history
        from decimal import Decimal

        from app.db.payments import PaymentWay
        from app.services import payments

        state = payments.payment_state(session, invoice_ids[0])
        payments.record_payment(
            session, invoice_ids[0], (state.open / 2).quantize(Decimal(1)), PaymentWay.TRANSFER
        )
    return test


def main() -> None:
    os.environ.setdefault("BOLTHID_HOME", tempfile.mkdtemp())
    os.environ.setdefault("BOLTHID_KEYRING", "file")
    from PySide6.QtWidgets import QApplication, QWidget

    from app.bootstrap import open_database
    from app.db.documents import DocumentKind
    from app.gui.application import build_main_window, create_application
    from app.gui.screens.home.start_page import StartPage
    from app.gui.screens.masterdata.customers import CustomerListScreen
    from app.gui.screens.products.product_dialog import ProductDialog
    from app.gui.screens.products.product_list import ProductListScreen
    from app.gui.screens.sales.document_dialog import DocumentDialog
    from app.gui.screens.sales.document_lists import InvoiceListScreen, OrderListScreen, ReceiptListScreen
    from app.gui.screens.webshop.shop_dialog import ShopDialog
    from app.gui.screens.webshop.shop_list import ShopListScreen
    from app.gui.screens.webshop.sync_log_view import SyncLogScreen

    app = create_application()
    db = open_database()
    test = prepare(db)
    OUT.mkdir(exist_ok=True)
    window = build_main_window(db)
    window.auto_sync.timer.stop()  # nothing changes behind the pictures
    window.move(0, 0)
    window.show()
    ctx = window.ctx

    def settle(seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or not ctx.tasks.is_idle():
            app.processEvents()
            time.sleep(0.02)

    def save(widget: QWidget, name: str) -> None:
        settle()
        screen = QApplication.primaryScreen()
        geometry = widget.frameGeometry()
        screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(), geometry.height()).save(
            str(OUT / f"{name}.png")
        )
        print(f"written {OUT / name}.png", file=sys.stderr)

    screens = [
        ("start_page", StartPage),
        ("products", ProductListScreen),
        ("orders", OrderListScreen),
        ("invoices", InvoiceListScreen),
        ("receipts", ReceiptListScreen),
        ("customers", CustomerListScreen),
        ("shops", ShopListScreen),
        ("sync_log", SyncLogScreen),
    ]
    for name, cls in screens:
        window.open_screen(cls)
        save(window, name)

    orders = window.open_screen(OrderListScreen)
    settle()
    order_dialog = DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER, orders.model.row_id(0), window)
    order_dialog.show()
    save(order_dialog, "order_form")
    order_dialog.reject()
    products = window.open_screen(ProductListScreen)
    settle()
    product_dialog = ProductDialog(ctx, products.model.row_id(0), window)
    product_dialog.show()
    save(product_dialog, "product_form")
    product_dialog.reject()
    shop_dialog = ShopDialog(ctx, test.shop_id, window)
    shop_dialog.show()
    save(shop_dialog, "shop_dialog")
    shop_dialog.reject()

    from app.gui.screens.masterdata.company import company_dialog
    from app.gui.screens.sales.invoice_preview import BatchInvoiceDialog, InvoicePreviewDialog
    from app.gui.screens.sales.modify_invoice import ModifyInvoiceDialog
    from app.gui.screens.sales.nav_report import NavReportDialog
    from app.gui.screens.sales.payment_dialog import PaymentDialog
    from app.gui.screens.settings.backups import BackupDialog
    from app.gui.screens.settings.first_run import FirstRunWizard
    from app.gui.screens.settings.import_dialog import ImportDialog
    from app.gui.screens.settings.mail_settings import MailSettingsDialog
    from app.gui.screens.settings.nav_settings import NavSettingsDialog

    orders = window.open_screen(OrderListScreen)
    settle()
    open_orders = [orders.model.row_id(r) for r in range(orders.model.rowCount())][-3:]
    invoices = window.open_screen(InvoiceListScreen)
    settle()
    invoice_id = invoices.model.row_id(0)
    paid_invoice_id = invoices.model.row_id(invoices.model.rowCount() - 1)  # the older: part-paid
    dialogs = [
        ("invoice_preview", lambda: InvoicePreviewDialog(ctx, open_orders[0], window)),
        ("batch_invoice", lambda: BatchInvoiceDialog(ctx, open_orders, window)),
        ("invoice_view", lambda: DocumentDialog(ctx, DocumentKind.INVOICE, invoice_id, window)),
        ("modify_invoice", lambda: ModifyInvoiceDialog(ctx, invoice_id, window)),
        ("nav_report", lambda: NavReportDialog(ctx, invoice_id, window)),
        ("payment", lambda: PaymentDialog(ctx, paid_invoice_id, window)),
        ("company", lambda: company_dialog(ctx, window)),
        ("mail_settings", lambda: MailSettingsDialog(ctx, window)),
        ("nav_settings", lambda: NavSettingsDialog(ctx, window)),
        ("backups", lambda: BackupDialog(ctx, window)),
        ("import", lambda: ImportDialog(ctx, window)),
        ("first_run", lambda: FirstRunWizard(ctx, window, window)),
    ]
    for name, make in dialogs:
        dialog = make()
        dialog.show()
        save(dialog, name)
        dialog.reject()

    window.close()
    test.stop()
    db.dispose()


if __name__ == "__main__":
    main()
