"""Értékesítés › Vevői rendelések and Számlák; Beszerzés › Bevételezés."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QToolBar

from app.db.database import Database
from app.db.documents import DocumentKind
from app.gui import changes
from app.gui.error_dialog import show_error
from app.gui.screens.list_screen import ListScreen
from app.gui.screens.webshop.sync_buttons import SyncButton
from app.services import documents as docs


class _DocumentList(ListScreen):
    kind = DocumentKind.CUSTOMER_ORDER
    concerned_by = frozenset({changes.DOCUMENTS, changes.CUSTOMERS})
    newest_first = True

    def create_new(self) -> None:
        from app.gui.screens.sales.document_dialog import DocumentDialog

        DocumentDialog(self.ctx, self.kind, None, self).open()

    def open_item(self, row_id: int) -> None:
        from app.gui.screens.sales.document_dialog import DocumentDialog

        DocumentDialog(self.ctx, self.kind, row_id, self).open()

    def delete_items(self, session: Any, row_ids: list[int]) -> None:
        for row_id in row_ids:
            docs.delete_document(session, row_id)


class OrderListScreen(_DocumentList):
    title = "Vevői rendelések"
    list_name = "orders"
    filters = ("issue_date", "status", "payment")
    kind = DocumentKind.CUSTOMER_ORDER

    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        self.action_invoice = toolbar.addAction("Számla készítése")
        self.action_invoice.setObjectName("make_invoice")
        self.action_invoice.setToolTip(
            "Számla a kijelölt rendelés(ek)ből (a készlet kimegy, a foglalás megszűnik)"
        )
        self.action_invoice.triggered.connect(self._invoice_selected)
        self.action_picking = toolbar.addAction("Szedőlista")
        self.action_picking.setObjectName("picking_list")
        self.action_picking.setToolTip(
            "Szedőlista (PDF) a kijelölt nyitott rendelésekhez: termékenként összesítve"
        )
        self.action_picking.triggered.connect(self._picking_selected)
        self.action_delivery = toolbar.addAction("Szállítólevél")
        self.action_delivery.setObjectName("delivery_note")
        self.action_delivery.setToolTip("Szállítólevél (PDF) a kijelölt rendelésekhez, rendelésenként egy")
        self.action_delivery.triggered.connect(self._delivery_selected)
        cancel = toolbar.addAction("Lemondás")
        cancel.setToolTip("A kijelölt nyitott rendelés lemondása (a foglalás felszabadul)")
        cancel.triggered.connect(self._cancel_selected)
        toolbar.addSeparator()
        self.sync_button = SyncButton("Webáruház szinkron", self.ctx, self, kind="orders")
        self.sync_button.setObjectName("order_sync")
        toolbar.addWidget(self.sync_button)

    def showEvent(self, event: Any) -> None:
        if not self.table.actions():
            # Right click on the list offers the same as the toolbar.
            self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            self.table.addAction(self.action_invoice)
            self.table.addAction(self.action_picking)
            self.table.addAction(self.action_delivery)
            self.table.addAction(self.action_open)
        super().showEvent(event)

    def _invoice_selected(self) -> None:
        from app.gui.operations.invoicing import invoice_orders

        invoice_orders(self.ctx, self, self.selected_ids())

    def _picking_selected(self) -> None:
        from app.gui.operations.picking import show_picking_list

        if self.selected_ids():
            show_picking_list(self.ctx, self, self.selected_ids())

    def _delivery_selected(self) -> None:
        from app.gui.operations.picking import show_delivery_notes

        if self.selected_ids():
            show_delivery_notes(self.ctx, self, self.selected_ids())

    def _cancel_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if (
            QMessageBox.question(self, "Lemondás", f"Lemondja a kijelölt {len(ids)} rendelést?")
            != QMessageBox.StandardButton.Yes
        ):
            return

        def work(db: Database) -> None:
            with db.transaction() as session:
                for i in ids:
                    docs.cancel_customer_order(session, i)

        self.ctx.tasks.run(
            work, lambda _r: self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK), parent=self
        )


class InvoiceListScreen(_DocumentList):
    title = "Számlák"
    list_name = "invoices"
    filters = ("issue_date", "due_date", "status", "nav", "payment", "paid_state")
    kind = DocumentKind.INVOICE
    can_delete = False

    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        self.action_pdf = toolbar.addAction("PDF megnyitása")
        self.action_pdf.triggered.connect(self._open_pdf)
        self.action_print_invoice = toolbar.addAction("Számla nyomtatása")
        self.action_print_invoice.triggered.connect(self._print_invoice)
        self.action_email = toolbar.addAction("E-mail küldés")
        self.action_email.setObjectName("send_email")
        self.action_email.setToolTip("A kijelölt számlák PDF-jének elküldése a vevőknek")
        self.action_email.triggered.connect(self._email_selected)
        self.action_storno = toolbar.addAction("Sztornó")
        self.action_storno.setToolTip("A kijelölt számla sztornózása sztornó számlával")
        self.action_storno.triggered.connect(self._storno_current)
        self.action_modify = toolbar.addAction("Helyesbítés")
        self.action_modify.setObjectName("modify_invoice")
        self.action_modify.setToolTip("Helyesbítő számla a kijelölt számlához (visszáru, árváltozás)")
        self.action_modify.triggered.connect(self._modify_current)
        self.action_payment = toolbar.addAction("Kiegyenlítés")
        self.action_payment.setObjectName("record_payment")
        self.action_payment.setToolTip("Befizetés rögzítése a kijelölt számlához (részben vagy egészben)")
        self.action_payment.triggered.connect(self._payment_current)
        self.action_nav = toolbar.addAction("NAV üzenetek")
        self.action_nav.setObjectName("nav_messages")
        self.action_nav.setToolTip("A kijelölt számla NAV-adatszolgáltatása: állapot, üzenetek, újraküldés")
        self.action_nav.triggered.connect(self._nav_current)

    def showEvent(self, event: Any) -> None:
        if not self.table.actions():
            self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            actions = (
                self.action_open,
                self.action_pdf,
                self.action_email,
                self.action_payment,
                self.action_storno,
                self.action_modify,
                self.action_nav,
            )
            for action in actions:
                self.table.addAction(action)
        super().showEvent(event)

    def _payment_current(self) -> None:
        current = self.current_id()
        if current is None:
            return
        from app.gui.screens.sales.payment_dialog import PaymentDialog

        PaymentDialog(self.ctx, current, self).open()

    def _nav_current(self) -> None:
        current = self.current_id()
        if current is None:
            return
        from app.gui.screens.sales.nav_report import NavReportDialog

        NavReportDialog(self.ctx, current, self).open()

    def _modify_current(self) -> None:
        current = self.current_id()
        if current is None:
            return
        from app.gui.screens.sales.modify_invoice import ModifyInvoiceDialog

        ModifyInvoiceDialog(self.ctx, current, self).open()

    def _print_invoice(self) -> None:
        from app.gui.operations.invoicing import print_invoice

        row_id = self.current_id()
        if row_id is not None:
            print_invoice(self.ctx, self, row_id)

    def _open_pdf(self) -> None:
        from app.gui.operations.invoicing import open_pdf

        current = self.current_id()
        if current is not None:
            open_pdf(self.ctx, self, current)

    def _email_selected(self) -> None:
        from app.gui.operations.invoicing import email

        email(self.ctx, self, self.selected_ids())

    def _storno_current(self) -> None:
        from app.gui.operations.invoicing import storno

        current = self.current_id()
        if current is None:
            return
        number = self.model.index(self.model.row_of_id(current) or 0, 0).data()
        answer = QMessageBox.question(
            self,
            "Sztornó",
            f"Sztornózza a(z) {number} számlát? Sztornó számla készül, a készlet visszakerül.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            storno(self.ctx, self, current)


class ReceiptListScreen(_DocumentList):
    title = "Bevételezés"
    list_name = "receipts"
    filters = ("issue_date",)
    kind = DocumentKind.PURCHASE_RECEIPT
    can_delete = False

    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        self.action_reverse = toolbar.addAction("Sztornó (negatív bevételezés)")
        self.action_reverse.setObjectName("reverse_receipt")
        self.action_reverse.setToolTip(
            "A kijelölt bevételezés visszavétele negatív bevételezéssel (a bizonylat megmarad)"
        )
        self.action_reverse.triggered.connect(self._reverse_current)

    def _reverse_current(self) -> None:
        current = self.current_id()
        if current is None:
            return
        number = self.model.index(self.model.row_of_id(current) or 0, 0).data()
        answer = QMessageBox.question(
            self,
            "Sztornó",
            f"Visszaveszi a(z) {number} bevételezést? Negatív bevételezés készül, a készlet csökken.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(db: Database) -> str:
            with db.transaction() as session:
                return docs.reverse_receipt(session, current).number

        def done(made: str) -> None:
            self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK)
            QMessageBox.information(self, "Sztornó", f"Elkészült a negatív bevételezés: {made}")

        self.ctx.tasks.run(work, done, lambda exc: show_error(self, exc), parent=self)


class TransferListScreen(_DocumentList):
    title = "Raktárközi átadás"
    list_name = "transfers"
    filters = ("issue_date", "source", "target")
    kind = DocumentKind.TRANSFER
    can_delete = False
    concerned_by = frozenset({changes.DOCUMENTS, changes.STOCK, changes.MASTERDATA})
