"""The two sync buttons; disabled, with a tooltip saying why, until a webshop is configured."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from app.gui import changes
from app.gui.context import AppContext
from app.services.shops import any_shop_configured

NO_SHOP_TOOLTIP = "Még nincs webáruház beállítva. Kapcsoljon be egyet: Webáruház › Webáruházak."


class SyncButton(QPushButton):
    def __init__(
        self, text: str, ctx: AppContext, parent: QWidget | None = None, *, kind: str = "products"
    ) -> None:
        super().__init__(text, parent)
        self.ctx = ctx
        self.kind = kind
        self.setEnabled(False)
        self.setToolTip(NO_SHOP_TOOLTIP)
        ctx.changes.changed.connect(self._on_changed)
        self.clicked.connect(self._clicked)
        self.refresh_state()

    def _clicked(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.kind == "orders":
            from app.gui.operations.sync import sync_all_orders

            if not sync_all_orders(self.ctx, self.window()):
                QMessageBox.information(
                    self, self.text(), "A szinkron már fut; a kattintás hozzá csatlakozott."
                )
            return
        from app.gui.operations.product_sync import sync_all_products

        if not sync_all_products(self.ctx, self.window()):
            QMessageBox.information(self, self.text(), "A termék szinkron már fut.")

    def refresh_state(self) -> None:
        def check(db) -> bool:
            with db.reading() as session:
                return any_shop_configured(session)

        self.ctx.tasks.run(check, self._apply, parent=self)

    def _apply(self, configured: bool) -> None:
        self.setEnabled(configured)
        self.setToolTip("" if configured else NO_SHOP_TOOLTIP)

    def _on_changed(self, what: set[str]) -> None:
        if changes.SHOPS in what:
            self.refresh_state()
