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

from sqlalchemy import select

if TYPE_CHECKING:
    from app.db.database import Database
    from app.sandbox_shop import TestShop

OUT = Path(__file__).with_name("all")


def prepare(db: Database) -> TestShop:
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
    stock_documents(db)
    return test


def stock_documents(db: Database) -> dict[str, int]:
    """A supplier and a receipt from it, a second warehouse and a transfer into it, an open count
    with some quantities counted: so that every stock screen has rows."""
    from decimal import Decimal

    from app.db.catalog import Product, ProductKind
    from app.db.stock import Warehouse
    from app.services import documents as docs
    from app.services import stock_counts, suppliers

    with db.transaction() as session:
        supplier = suppliers.create_supplier(
            session,
            suppliers.SupplierInput(
                name="Kerámia Nagyker Kft.",
                postal_code="6720",
                city="Szeged",
                street="Ipari út 4.",
                tax_number="12345676-2-41",
                bank_account="11773016-11111018",
                contact_name="Tóth Anna",
                email="rendeles@keramia.example",
            ),
        )
        products = session.scalars(
            select(Product).where(Product.kind == ProductKind.GOODS).order_by(Product.code).limit(4)
        ).all()
        for shelf, product in zip(("A-01-1", "A-01-2", "B-03-1", ""), products, strict=False):
            product.location = shelf
        main_id = session.scalar(select(Warehouse.id).order_by(Warehouse.id))
        back = Warehouse(name="Üzlet (Szeged)")
        session.add(back)
        session.flush()
        receipt = docs.create_purchase_receipt(
            session,
            docs.DocumentInput(
                lines=[docs.LineInput(Decimal(12), p.id, unit_price=Decimal(950)) for p in products[:3]],
                warehouse_id=main_id,
                supplier_id=supplier.id,
                supplier_invoice_number="KN-2026/0412",
            ),
        )
        transfer = docs.create_transfer(
            session,
            back.id,
            docs.DocumentInput(
                lines=[docs.LineInput(Decimal(3), p.id) for p in products[:2]],
                warehouse_id=main_id,
                header_note="Az üzlet polcaira",
            ),
        )
        count = stock_counts.start_count(session, back.id)
        stock_counts.set_counted(
            session, count.id, {products[0].code: Decimal(2), products[1].code: Decimal(4)}
        )
        return {"receipt": receipt.id, "transfer": transfer.id, "count": count.id}


def main() -> None:
    os.environ.setdefault("BOLTHID_HOME", tempfile.mkdtemp())
    os.environ.setdefault("BOLTHID_KEYRING", "file")
    from PySide6.QtWidgets import QApplication, QWidget

    from app.bootstrap import open_database
    from app.db.documents import DocumentKind
    from app.gui.application import build_main_window, create_application
    from app.gui.screens.home.start_page import StartPage
    from app.gui.screens.masterdata.customers import CustomerListScreen
    from app.gui.screens.masterdata.suppliers import SupplierListScreen, supplier_dialog
    from app.gui.screens.products.product_dialog import ProductDialog
    from app.gui.screens.products.product_list import ProductListScreen
    from app.gui.screens.products.stock_counts import CountDialog, StockCountListScreen
    from app.gui.screens.products.stock_report import StockReportScreen
    from app.gui.screens.sales.document_dialog import DocumentDialog
    from app.gui.screens.sales.document_lists import (
        InvoiceListScreen,
        OrderListScreen,
        ReceiptListScreen,
        TransferListScreen,
    )
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
        ("suppliers", SupplierListScreen),
        ("transfers", TransferListScreen),
        ("stock_counts", StockCountListScreen),
        ("stock_report", StockReportScreen),
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

    def first_id(cls: type) -> int:
        screen = window.open_screen(cls)
        settle()
        return int(screen.model.row_id(0))

    suppliers_id, receipt_id = first_id(SupplierListScreen), first_id(ReceiptListScreen)
    transfer_id, count_id = first_id(TransferListScreen), first_id(StockCountListScreen)
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
        ("supplier_form", lambda: supplier_dialog(ctx, suppliers_id, window)),
        ("receipt_form", lambda: DocumentDialog(ctx, DocumentKind.PURCHASE_RECEIPT, receipt_id, window)),
        ("new_receipt", lambda: DocumentDialog(ctx, DocumentKind.PURCHASE_RECEIPT, None, window)),
        ("transfer_form", lambda: DocumentDialog(ctx, DocumentKind.TRANSFER, transfer_id, window)),
        ("count_sheet", lambda: CountDialog(ctx, count_id, window)),
    ]
    for name, make in dialogs:
        dialog = make()
        dialog.show()
        save(dialog, name)
        dialog.reject()

    papers(db)
    window.close()
    test.stop()
    db.dispose()


def papers(db: Database) -> None:
    """The picking list and a delivery note, rendered to PNG as they print (needs pdftoppm)."""
    import shutil
    import subprocess

    from app.services import picking

    if shutil.which("pdftoppm") is None:
        return
    from app.db.documents import Document, DocumentKind, DocumentStatus

    with db.transaction() as session:
        order_ids = session.scalars(
            select(Document.id)
            .where(Document.kind == DocumentKind.CUSTOMER_ORDER, Document.status == DocumentStatus.OPEN)
            .order_by(Document.id)
            .limit(4)
        ).all()
        pdfs = {
            "picking_list": picking.picking_list_pdf(session, list(order_ids)),
            "delivery_note": picking.delivery_note_pdf(session, order_ids[0])[1],
        }
    for name, pdf in pdfs.items():
        path = OUT / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-singlefile", str(path), str(OUT / name)], check=True
        )
        path.unlink()
        print(f"written {OUT / name}.png", file=sys.stderr)


if __name__ == "__main__":
    main()
