"""Webáruház › Szinkronizációs napló: every run and record event, with filters and Újrapróbálás."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QToolBar

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui import changes
from app.gui.screens.list_screen import ListScreen
from app.services.sync_log_rows import SYNC_STATUS


class SyncLogScreen(ListScreen):
    """Every run and record event; filter with the search box (shop, kind, status, key, reason)."""

    title = "Szinkronizációs napló"
    list_name = "sync_log"
    filters = ("started", "shop", "kind", "status")
    concerned_by = frozenset({changes.SHOPS, changes.DOCUMENTS, changes.SYNC})
    can_create = False
    can_delete = False
    newest_first = True

    def add_toolbar_buttons(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        self.action_retry = toolbar.addAction("Újrapróbálás")
        self.action_retry.setToolTip("A hibás tételek újraküldése / újraimportálása a kijelölt webáruháznál")
        self.action_retry.triggered.connect(self._retry)

    def open_item(self, row_id: int) -> None:
        """Enter / Megnyitás: the whole entry, and the order it names one click away."""
        row = self.model.row_of_id(row_id)
        if row is None:
            return
        shown = [self.model.index(row, c).data() or "" for c in range(self.model.columnCount())]
        when, shop, kind, status, ref, message, detail = shown
        from app.services.sync_log_rows import order_document_of

        with self.ctx.db.reading() as session:
            document_id = order_document_of(session, shop, ref)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Szinkronizációs napló",
            f"{when} – {shop}\n{kind}, {status}" + (f"\nTétel: {ref}" if ref else "") + f"\n\n{message}",
            parent=self,
        )
        if detail:
            box.setDetailedText(detail)
        open_order = mappings = retry = None
        if document_id is not None:
            open_order = box.addButton("Rendelés megnyitása", QMessageBox.ButtonRole.ActionRole)
        if status == SYNC_STATUS["held"]:
            # Held for an unknown VAT code or service line: the mapping is in the shop's settings.
            mappings = box.addButton("Megfeleltetések…", QMessageBox.ButtonRole.ActionRole)
        if status in (SYNC_STATUS["held"], SYNC_STATUS["error"], SYNC_STATUS["partial"]):
            retry = box.addButton("Újrapróbálás", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        clicked = box.clickedButton()
        if open_order is not None and clicked is open_order:
            from app.db.documents import DocumentKind
            from app.gui.screens.sales.document_dialog import DocumentDialog

            DocumentDialog(self.ctx, DocumentKind.CUSTOMER_ORDER, document_id, self).open()
        elif mappings is not None and clicked is mappings:
            self._open_shop_settings(shop)
        elif retry is not None and clicked is retry:
            self._retry()

    def _open_shop_settings(self, shop_name: str) -> None:
        from app.gui.screens.webshop.shop_dialog import ShopDialog
        from app.services.shops import shop_id_by_name

        with self.ctx.db.reading() as session:
            shop_id = shop_id_by_name(session, shop_name)
        if shop_id is not None:
            ShopDialog(self.ctx, shop_id, self).open()

    def _retry(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        shop_name = self.model.index(row, 1).data()

        def work(db: Database) -> str:
            from app.services.shops import shop_id_by_name
            from app.sync.shop_sync import retry_failed

            with db.reading() as session:
                shop_id = shop_id_by_name(session, shop_name)
            if shop_id is None:
                return "A webáruház nem található."
            return retry_failed(db, CredentialStore(), shop_id).summary()

        def done(text: str) -> None:
            self.ctx.changes.emit(changes.SYNC, changes.DOCUMENTS, changes.STOCK)
            QMessageBox.information(self, "Újrapróbálás", text)

        self.ctx.tasks.run(work, done, parent=self)
