"""The main window in Kulcs-Ügyvitel style: Hungarian menus, one tab per opened list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QWidget

from app import __version__, paths
from app.gui.context import AppContext
from app.gui.screens.home.start_page import StartPage
from app.gui.screens.masterdata.master_tables import (
    PaymentMethodListScreen,
    ShippingMethodListScreen,
    VatRateListScreen,
    WarehouseListScreen,
)
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.products.stock_report import StockReportScreen
from app.gui.screens.sales.document_lists import (
    InvoiceListScreen,
    OrderListScreen,
    ReceiptListScreen,
    TransferListScreen,
)
from app.gui.screens.webshop.shop_list import ShopListScreen
from app.gui.screens.webshop.sync_buttons import SyncButton
from app.gui.screens.webshop.sync_log_view import SyncLogScreen

ScreenFactory = Callable[[AppContext, QWidget], QWidget]


S = TypeVar("S", bound=QWidget)


# The screens not shown at start are imported when first opened: each of these modules brings its own
# forms and services (5-7 ms of CPU each on the 2-core machine, ~20 ms of a 0.8 s start).
def _customers() -> type[QWidget]:
    from app.gui.screens.masterdata.customers import CustomerListScreen

    return CustomerListScreen


def _suppliers() -> type[QWidget]:
    from app.gui.screens.masterdata.suppliers import SupplierListScreen

    return SupplierListScreen


def _stock_counts() -> type[QWidget]:
    from app.gui.screens.products.stock_counts import StockCountListScreen

    return StockCountListScreen


def mnemonic_of(text: str) -> str:
    """The letter after "&" (lower case), "" when there is none."""
    at = text.find("&")
    return text[at + 1].lower() if 0 <= at < len(text) - 1 else ""


def with_mnemonic(text: str, taken: set[str]) -> str:
    """Alt+letter for every menu item: the first letter of a word not yet taken in the menu, else
    any letter not taken (Kulcs users walk the menus with the keyboard)."""
    words = [i for i, ch in enumerate(text) if ch.isalpha() and (i == 0 or not text[i - 1].isalpha())]
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    for i in words + letters:
        if text[i].lower() not in taken:
            return text[:i] + "&" + text[i:]
    return text


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, auto_sync: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Bolthíd – ügyviteli program")
        icon = paths.resources_dir() / "icons" / "bolthid.png"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(self._fitting_size())
        self.tabs = QTabWidget(self)
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.setCentralWidget(self.tabs)
        self._screens: dict[type, QWidget] = {}
        self._build_menus()
        self._build_toolbar()
        self._tab_shortcuts()
        from app.gui.auto_sync import AutoSync

        self.auto_sync = AutoSync(ctx, self)
        if auto_sync:
            self.auto_sync.start()
        self.open_screen(StartPage)
        self.open_screen(ProductListScreen)
        self.open_screen(OrderListScreen)

    def _fitting_size(self) -> QSize:
        """1280×800, or less on a small screen: a 1366×768 laptop must see the whole window."""
        wanted = QSize(1280, 800)
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return wanted
        room = screen.availableGeometry().size()
        # Room for the window frame and title bar the window manager adds around it.
        return wanted.boundedTo(QSize(room.width() - 16, room.height() - 48))

    def _tab_shortcuts(self) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab move between the open lists, Ctrl+W closes one."""
        for keys, slot in (
            ("Ctrl+Tab", lambda: self._step_tab(1)),
            ("Ctrl+Shift+Tab", lambda: self._step_tab(-1)),
            ("Ctrl+W", lambda: self._close_tab(self.tabs.currentIndex())),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _step_tab(self, step: int) -> None:
        count = self.tabs.count()
        if count:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&Program")
        self._item(m, "Kezdőlap", lambda: self.open_screen(StartPage), "Ctrl+H")
        self._item(m, "Mentés és visszaállítás", self._backups)
        m.addSeparator()
        self._item(m, "Kilépés", self.close, "Ctrl+Q")
        m = bar.addMenu("&Termékkezelés")
        self._item(m, "Termékek", lambda: self.open_screen(ProductListScreen), "Ctrl+T")
        self._item(m, "Készletkimutatás", lambda: self.open_screen(StockReportScreen))
        self._item(m, "Raktárközi átadás", lambda: self.open_screen(TransferListScreen))
        self._item(m, "Leltár", lambda: self.open_screen(_stock_counts()))
        m = bar.addMenu("&Értékesítés")
        self._item(m, "Vevői rendelések", lambda: self.open_screen(OrderListScreen), "Ctrl+R")
        self._item(m, "Számlák", lambda: self.open_screen(InvoiceListScreen), "Ctrl+S")
        m = bar.addMenu("&Beszerzés")
        self._item(m, "Bevételezés", lambda: self.open_screen(ReceiptListScreen), "Ctrl+B")
        self._item(m, "Szállítók", lambda: self.open_screen(_suppliers()))
        m = bar.addMenu("Tö&rzsadatok")
        self._item(m, "Vevők", lambda: self.open_screen(_customers()))
        self._item(m, "Szállítók", lambda: self.open_screen(_suppliers()))
        self._item(m, "Raktárak", lambda: self.open_screen(WarehouseListScreen))
        self._item(m, "ÁFA-kulcsok", lambda: self.open_screen(VatRateListScreen))
        self._item(m, "Fizetési módok", lambda: self.open_screen(PaymentMethodListScreen))
        self._item(m, "Szállítási módok", lambda: self.open_screen(ShippingMethodListScreen))
        m.addSeparator()
        self._item(m, "Saját cégadatok", self._company)
        self._item(m, "E-mail küldés beállításai", self._mail_settings)
        self._item(m, "NAV Online Számla", self._nav_settings)
        self._item(m, "Törzsadatok importálása", self._import)
        m = bar.addMenu("&Webáruház")
        self._item(m, "Webáruházak", lambda: self.open_screen(ShopListScreen))
        self._item(m, "Szinkronizációs napló", lambda: self.open_screen(SyncLogScreen))
        m.addSeparator()
        self._item(m, "Tesztelési üzemmód (beépített tesztbolt)", self.start_test_mode)
        self._item(m, "Élesítés…", self._go_live)
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

    def _item(self, menu, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = menu.addAction(with_mnemonic(text, {mnemonic_of(a.text()) for a in menu.actions()}))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def open_screen(self, cls: type[S]) -> S:
        screen = self._screens.get(cls)
        if screen is None:
            factory = cast(Callable[[AppContext, QWidget], S], cls)  # every screen takes (ctx, parent)
            screen = factory(self.ctx, self)
            self._screens[cls] = screen
            self.tabs.addTab(screen, str(getattr(cls, "title", "")))
        self.tabs.setCurrentWidget(screen)
        assert isinstance(screen, cls)
        return screen

    def screen_of(self, cls: type[S]) -> S | None:
        """The open tab of this screen class, if any."""
        screen = self._screens.get(cls)
        return screen if isinstance(screen, cls) else None

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None:
            return
        self.tabs.removeTab(index)
        for cls, screen in list(self._screens.items()):
            if screen is widget:
                del self._screens[cls]
        widget.deleteLater()

    # --- test mode ----------------------------------------------------------------------------
    test_server = None
    test_nav = None  # the built-in NAV service the TESZT invoices are reported to
    _test_starting = False

    def resume_test_shop(self, *, start_if_none: bool) -> None:
        """The built-in test shop runs inside the program: started again with the program."""
        from app.services.shops import SANDBOX_SHOP, has_any_shop, test_shop_named

        with self.ctx.db.reading() as session:
            exists = test_shop_named(session, SANDBOX_SHOP)
            any_shop = has_any_shop(session)
        if exists is not None or (start_if_none and not any_shop):
            self.start_test_mode(quiet=True)

    def start_test_mode(self, quiet: bool = False) -> None:
        from app.credentials import CredentialStore
        from app.sandbox_shop import start_test_shop

        if self.test_server is not None or self._test_starting:
            if not quiet and self.test_server is not None:
                QMessageBox.information(self, "Tesztelési üzemmód", "A beépített tesztbolt már fut.")
            return
        self._test_starting = True

        def work(db):
            return start_test_shop(db, CredentialStore())

        def done(test) -> None:
            from app.gui import changes

            self._test_starting = False
            self.test_server = test.server
            self.test_nav = test.nav
            self.ctx.changes.emit(changes.SHOPS, changes.SYNC, changes.DOCUMENTS)
            if not quiet:
                QMessageBox.information(
                    self,
                    "Tesztelési üzemmód",
                    "A beépített tesztbolt elindult demó termékekkel és rendelésekkel. Próbálja ki a "
                    "„Webáruház szinkron” gombot: a rendelések ekkor érkeznek meg, és ezután indul az "
                    "5 percenkénti automatikus szinkron. A tesztboltból készült számlák a TESZT "
                    "sorszámtartományba kerülnek, és a beépített NAV tesztszolgáltatásba jelentődnek "
                    "(a valódi NAV-hoz nem); élesítéskor ezek törlődnek.",
                )

        def failed(exc: BaseException) -> None:
            from app.gui.error_dialog import show_error

            self._test_starting = False
            show_error(self, exc)

        self.ctx.tasks.run(work, done, failed, parent=self)

    def _go_live(self) -> None:
        from app.gui import changes
        from app.services.going_live import go_live
        from app.services.shops import test_shops

        with self.ctx.db.reading() as session:
            tests = test_shops(session)
        if not tests:
            QMessageBox.information(self, "Élesítés", "Nincs teszt webáruház.")
            return
        for shop_id, name in tests:
            answer = QMessageBox.question(
                self,
                "Élesítés",
                f"Élesíti a(z) {name} webáruházat?\nA tőle származó teszt rendelések és TESZT számlák "
                "törlődnek, a kapcsolatai és a szinkron kezdőpontja alaphelyzetbe áll. Előtte mentés készül.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                continue

            def work(db, shop_id=shop_id):
                return go_live(db, shop_id)

            def done(backup, name=name) -> None:
                self.ctx.changes.emit(changes.SHOPS, changes.DOCUMENTS, changes.STOCK, changes.SYNC)
                QMessageBox.information(
                    self, "Élesítés", f"A(z) {name} élesítve." + (f"\nMentés: {backup}" if backup else "")
                )

            self.ctx.tasks.run(work, done, parent=self)

    def _company(self) -> None:
        from app.gui.screens.masterdata.company import company_dialog

        company_dialog(self.ctx, self).open()

    def _import(self) -> None:
        from app.gui.screens.settings.import_dialog import ImportDialog

        ImportDialog(self.ctx, self).open()

    def _backups(self) -> None:
        from app.gui.screens.settings.backups import BackupDialog

        BackupDialog(self.ctx, self).open()

    def _mail_settings(self) -> None:
        from app.gui.screens.settings.mail_settings import MailSettingsDialog

        MailSettingsDialog(self.ctx, self).open()

    def _nav_settings(self) -> None:
        from app.gui.screens.settings.nav_settings import NavSettingsDialog

        NavSettingsDialog(self.ctx, self).open()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Névjegy",
            f"<b>Bolthíd</b> {__version__}<br>Ügyviteli program UNAS webáruház-szinkronnal.<br><br>"
            f"Adatok helye: {paths.data_dir()}<br>"
            f"Adatbázis: {self.ctx.db.engine.url.render_as_string(hide_password=True)}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # Let running saves finish: closing mid-transaction would roll them back silently.
        self.ctx.tasks.wait(10000)
        if self.test_server is not None:
            self.test_server.stop()
            self.test_server = None
        if self.test_nav is not None:
            self.test_nav.stop()
            self.test_nav = None
        super().closeEvent(event)
