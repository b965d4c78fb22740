"""The main window: Hungarian menus, the sync buttons, every screen opens and loads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox

from app.gui.context import AppContext
from app.gui.screens.main_window import MainWindow
from app.gui.screens.products.product_list import ProductListScreen
from app.gui.screens.sales.document_lists import OrderListScreen
from app.gui.screens.webshop.sync_buttons import NO_SHOP_TOOLTIP

MENUS = {
    "Program": ["Kezdőlap", "Mentés és visszaállítás", "Kilépés"],
    "Termékkezelés": ["Termékek", "Készletkimutatás", "Raktárközi átadás", "Leltár"],
    "Értékesítés": ["Vevői rendelések", "Számlák"],
    "Beszerzés": ["Bevételezés", "Szállítók"],
    "Törzsadatok": [
        "Vevők",
        "Szállítók",
        "Raktárak",
        "ÁFA-kulcsok",
        "Fizetési módok",
        "Szállítási módok",
        "Saját cégadatok",
        "E-mail küldés beállításai",
        "NAV Online Számla",
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
        out[title] = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    return out


def test_menus_are_the_kulcs_style_hungarian_ones(ctx: AppContext, qtbot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert _menus(window) == MENUS


def test_every_menu_item_has_its_own_alt_letter(ctx: AppContext, qtbot) -> None:
    from app.gui.screens.main_window import mnemonic_of

    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    for action in window.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        letters = [mnemonic_of(a.text()) for a in menu.actions() if a.text()]
        assert all(letters), (action.text(), [a.text() for a in menu.actions()])
        assert len(letters) == len(set(letters)), (action.text(), letters)


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
            if item.text().replace("&", "") in (
                "Névjegy",
                "Saját cégadatok",
                "E-mail küldés beállításai",
                "NAV Online Számla",
                "Mentés és visszaállítás",
                "Kilépés",
                "Törzsadatok importálása",
                "Tesztelési üzemmód (beépített tesztbolt)",
                "Élesítés…",
                "",
            ):
                continue
            item.trigger()
            qtbot.waitUntil(ctx.tasks.is_idle)
            assert window.tabs.tabText(window.tabs.currentIndex()) == item.text().replace("&", "")
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(titles) == len(set(titles)) == 16


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


def test_keyboard_moves_between_tabs_closes_one_and_quits(ctx: AppContext, qtbot) -> None:
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tabs = ["Kezdőlap", "Termékek", "Vevői rendelések"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == tabs
    assert window.tabs.currentIndex() == 2
    orders = window.tabs.currentWidget()
    assert isinstance(orders, OrderListScreen)
    orders.table.setFocus()  # keys go where the user is: in a list
    qtbot.keyClick(orders.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0  # wraps around
    qtbot.keyClick(
        window.tabs.currentWidget(),
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(orders.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == tabs[:2]
    qtbot.waitUntil(ctx.tasks.is_idle)
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_window_fits_the_screen_and_the_database_is_named_in_the_about_box(
    ctx: AppContext, qtbot, monkeypatch
) -> None:
    about: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: about.append(text))
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    # The status bar speaks of the shops; the technical database address lives in Súgó › Névjegy.
    assert ctx.db.engine.url.drivername not in " ".join(
        label.text() for label in window.statusBar().findChildren(QLabel)
    )
    window._about()
    assert f"Adatbázis: {ctx.db.engine.url.drivername}" in about[-1]


def test_an_unexpected_error_in_the_window_names_its_details_file(ctx: AppContext, qtbot, messages) -> None:
    from pathlib import Path

    from app.gui.error_dialog import show_error

    try:
        raise KeyError("valami")
    except KeyError as exc:
        show_error(None, exc)
    [text] = messages
    assert text.startswith("Váratlan hiba történt; az adatai nem vesztek el")
    details = Path(text.split("ebben a fájlban vannak: ")[1].split(" Ha a hiba")[0])
    assert "KeyError: 'valami'" in details.read_text(encoding="utf-8")


def test_the_company_menu_item_opens_the_company_form(ctx: AppContext, qtbot) -> None:
    from PySide6.QtWidgets import QDialog

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    menus = [action.menu() for action in window.menuBar().actions()]
    [item] = [
        item
        for menu in menus
        if isinstance(menu, QMenu)
        for item in menu.actions()
        if item.text().replace("&", "") == "Saját cégadatok"
    ]
    item.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog)))
    [dialog] = [d for d in window.findChildren(QDialog) if d.isVisible()]
    assert dialog.windowTitle() == "Saját cégadatok"
    qtbot.waitUntil(ctx.tasks.is_idle)
    dialog.reject()
