"""Értékesítés › Vevői rendelések and Számlák; Beszerzés › Bevételezés."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QToolBar

from app.db.database import Database
from app.db.documents import DocumentKind
from app.gui import changes
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
    kind = DocumentKind.CUSTOMER_ORDER

    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        cancel = toolbar.addAction("Lemondás")
        cancel.setToolTip("A kijelölt nyitott rendelés lemondása (a foglalás felszabadul)")
        cancel.triggered.connect(self._cancel_selected)
        toolbar.addSeparator()
        self.sync_button = SyncButton("Webáruház szinkron", self.ctx, self, kind="orders")
        self.sync_button.setObjectName("order_sync")
        toolbar.addWidget(self.sync_button)

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
    kind = DocumentKind.INVOICE
    can_delete = False


class ReceiptListScreen(_DocumentList):
    title = "Bevételezés"
    list_name = "receipts"
    kind = DocumentKind.PURCHASE_RECEIPT
    can_delete = False
