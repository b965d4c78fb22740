"""The main window in Kulcs-Ügyvitel style: Hungarian menus, one tab per opened list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from app import __version__, paths
from app.gui.context import AppContext
from app.gui.screens.masterdata.screens import (
    CustomerListScreen,
    PaymentMethodListScreen,
    ShippingMethodListScreen,
    VatRateListScreen,
    WarehouseListScreen,
    company_dialog,
)
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_lists import InvoiceListScreen, OrderListScreen, ReceiptListScreen
from app.gui.screens.webshop.screens import ShopListScreen, SyncLogScreen
from app.gui.screens.webshop.sync_buttons import SyncButton

ScreenFactory = Callable[[AppContext, QWidget], QWidget]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, auto_sync: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Bolthíd – ügyviteli program")
        icon = paths.resources_dir() / "icons" / "bolthid.png"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(1280, 800)
        self.tabs = QTabWidget(self)
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.setCentralWidget(self.tabs)
        self._screens: dict[type, QWidget] = {}
        self._build_menus()
        self._build_toolbar()
        db_label = QLabel(f"Adatbázis: {ctx.db.engine.url.render_as_string(hide_password=True)}")
        self.statusBar().addPermanentWidget(db_label)
        from app.gui.auto_sync import AutoSync

        self.auto_sync = AutoSync(ctx, self)
        if auto_sync:
            self.auto_sync.start()
        self.open_screen(ProductListScreen)
        self.open_screen(OrderListScreen)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&Termékkezelés")
        self._item(m, "Termékek", lambda: self.open_screen(ProductListScreen), "Ctrl+T")
        m = bar.addMenu("&Értékesítés")
        self._item(m, "Vevői rendelések", lambda: self.open_screen(OrderListScreen), "Ctrl+R")
        self._item(m, "Számlák", lambda: self.open_screen(InvoiceListScreen), "Ctrl+S")
        m = bar.addMenu("&Beszerzés")
        self._item(m, "Bevételezés", lambda: self.open_screen(ReceiptListScreen), "Ctrl+B")
        m = bar.addMenu("Tö&rzsadatok")
        self._item(m, "Vevők", lambda: self.open_screen(CustomerListScreen))
        self._item(m, "Raktárak", lambda: self.open_screen(WarehouseListScreen))
        self._item(m, "ÁFA-kulcsok", lambda: self.open_screen(VatRateListScreen))
        self._item(m, "Fizetési módok", lambda: self.open_screen(PaymentMethodListScreen))
        self._item(m, "Szállítási módok", lambda: self.open_screen(ShippingMethodListScreen))
        m.addSeparator()
        self._item(m, "Saját cégadatok", lambda: company_dialog(self.ctx, self).open())
        self._item(m, "E-mail küldés beállításai", self._mail_settings)
        m = bar.addMenu("&Webáruház")
        self._item(m, "Webáruházak", lambda: self.open_screen(ShopListScreen))
        self._item(m, "Szinkronizációs napló", lambda: self.open_screen(SyncLogScreen))
        m = bar.addMenu("&Súgó")
        self._item(m, "Névjegy", self._about)

    def _build_toolbar(self) -> None:
        """Quick buttons for the daily work, and both sync buttons always in sight."""
        bar = self.addToolBar("Gyorsgombok")
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.addAction("Termékek", lambda: self.open_screen(ProductListScreen))
        bar.addAction("Vevői rendelések", lambda: self.open_screen(OrderListScreen))
        bar.addAction("Számlák", lambda: self.open_screen(InvoiceListScreen))
        bar.addAction("Bevételezés", lambda: self.open_screen(ReceiptListScreen))
        bar.addSeparator()
        self.order_sync_button = SyncButton("Webáruház szinkron", self.ctx, self, kind="orders")
        self.product_sync_button = SyncButton("Termék szinkron", self.ctx, self)
        bar.addWidget(self.order_sync_button)
        bar.addWidget(self.product_sync_button)

    def _item(self, menu, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:  # type: ignore[no-untyped-def]
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def open_screen(self, cls: type) -> QWidget:
        screen = self._screens.get(cls)
        if screen is None:
            screen = cls(self.ctx, self)
            self._screens[cls] = screen
            self.tabs.addTab(screen, cls.title)  # type: ignore[attr-defined]
        self.tabs.setCurrentWidget(screen)
        return screen

    def screen(self, cls: type) -> QWidget | None:
        return self._screens.get(cls)

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        self.tabs.removeTab(index)
        for cls, screen in list(self._screens.items()):
            if screen is widget:
                del self._screens[cls]
        widget.deleteLater()

    def _mail_settings(self) -> None:
        from app.gui.screens.settings.mail_settings import MailSettingsDialog

        MailSettingsDialog(self.ctx, self).open()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Névjegy",
            f"<b>Bolthíd</b> {__version__}<br>Ügyviteli program UNAS webáruház-szinkronnal.<br><br>"
            f"Adatok helye: {paths.data_dir()}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # Let running saves finish: closing mid-transaction would roll them back silently.
        self.ctx.tasks.wait(10000)
        super().closeEvent(event)
