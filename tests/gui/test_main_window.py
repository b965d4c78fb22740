"""The main window: Hungarian menus, the sync buttons, every screen opens and loads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from app.gui.context import AppContext
from app.gui.screens.main_window import MainWindow
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_lists import OrderListScreen
from app.gui.screens.webshop.sync_buttons import NO_SHOP_TOOLTIP

MENUS = {
    "Termékkezelés": ["Termékek"],
    "Értékesítés": ["Vevői rendelések", "Számlák"],
    "Beszerzés": ["Bevételezés"],
    "Törzsadatok": [
        "Vevők",
        "Raktárak",
        "ÁFA-kulcsok",
        "Fizetési módok",
        "Szállítási módok",
        "Saját cégadatok",
        "E-mail küldés beállításai",
        "NAV Online Számla",
        "Mentés és visszaállítás",
        "Törzsadatok importálása",
    ],
    "Webáruház": [
        "Webáruházak",
        "Szinkronizációs napló",
        "Tesztelési üzemmód (beépített tesztbolt)",
        "Élesítés…",
    ],
    "Súgó": ["Névjegy"],
}


def _menus(window: MainWindow) -> dict[str, list[str]]:
    out = {}
    for action in window.menuBar().actions():
        title = action.text().replace("&", "")
        menu = action.menu()
        assert isinstance(menu, QMenu)
        out[title] = [a.text() for a in menu.actions() if a.text()]
    return out


def test_menus_are_the_kulcs_style_hungarian_ones(ctx: AppContext, qtbot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert _menus(window) == MENUS


def test_sync_buttons_are_disabled_with_a_reason_until_a_shop_exists(ctx: AppContext, qtbot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    products = window.screen_of(ProductListScreen)
    assert products is not None
    orders = window.open_screen(OrderListScreen)
    qtbot.waitUntil(ctx.tasks.is_idle)
    pairs = (
        (products.sync_button, "Termék szinkron"),
        (orders.sync_button, "Webáruház szinkron"),
        (window.product_sync_button, "Termék szinkron"),
        (window.order_sync_button, "Webáruház szinkron"),
    )
    for button, text in pairs:
        assert button.text() == text
        assert not button.isEnabled()
        assert button.toolTip() == NO_SHOP_TOOLTIP

    from app.db.shops import Shop
    from app.gui import changes

    with ctx.db.transaction() as s:
        s.add(Shop(name="Teszt bolt"))
    ctx.changes.emit(changes.SHOPS)
    qtbot.waitUntil(lambda: all(button.isEnabled() for button, _text in pairs))
    assert products.sync_button.toolTip() == ""


def test_every_menu_item_opens_its_screen(ctx: AppContext, qtbot, messages) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for action in window.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        for item in menu.actions():
            if item.text() in (
                "Névjegy",
                "Saját cégadatok",
                "E-mail küldés beállításai",
                "NAV Online Számla",
                "Mentés és visszaállítás",
                "Törzsadatok importálása",
                "Tesztelési üzemmód (beépített tesztbolt)",
                "Élesítés…",
                "",
            ):
                continue
            item.trigger()
            qtbot.waitUntil(ctx.tasks.is_idle)
            assert window.tabs.tabText(window.tabs.currentIndex()) == item.text()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(titles) == len(set(titles)) == 11


def test_vat_list_shows_seeded_codes(ctx: AppContext, qtbot) -> None:
    from app.gui.screens.masterdata.master_tables import VatRateListScreen

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    screen = window.open_screen(VatRateListScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 13)
    codes = {screen.model.index(r, 0).data() for r in range(13)}
    assert {
        "27%",
        "18%",
        "5%",
        "AAM",
        "TAM",
        "KBAET",
        "EAM",
        "NAM",
        "ATK",
        "EUFAD37",
        "EUFADE",
        "EUE",
        "HO",
    } == codes
    assert "0%" not in codes
    screen.model.sort(0, Qt.SortOrder.AscendingOrder)
