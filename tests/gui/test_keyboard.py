"""The list keyboard: Insert = new, Enter = open, Delete = delete, F5 = refresh."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.gui.context import AppContext
from app.gui.screens.masterdata.customers import CustomerListScreen
from app.gui.widgets.form_dialog import FormDialog
from app.services.customers import CustomerInput, create_customer


def _dialogs(screen) -> list[FormDialog]:
    return [d for d in screen.findChildren(FormDialog) if d.isVisible()]


def test_list_keys(ctx: AppContext, qtbot, messages) -> None:
    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name="Kiss Éva"))
        create_customer(s, CustomerInput(name="Nagy Péter"))
    screen = CustomerListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    screen.table.setFocus()
    screen.table.selectRow(0)

    qtbot.keyClick(screen.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(_dialogs(screen)) == 1)
    new = _dialogs(screen)[0]
    qtbot.waitUntil(new.isEnabled)
    assert new.windowTitle() == "Új vevő"
    new.reject()

    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_dialogs(screen)) == 1)
    opened = _dialogs(screen)[0]
    qtbot.waitUntil(opened.isEnabled)
    assert opened.windowTitle() == "Vevő adatlap"
    assert opened.form.widgets["name"].text() == "Kiss Éva"
    opened.reject()

    # Another workstation adds a customer; F5 shows it.
    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name="Új Vevő"))
    screen.activateWindow()  # focus comes back from the closed dialog
    qtbot.waitUntil(screen.isActiveWindow)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)

    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    assert messages == []


def test_enter_in_the_search_box_moves_to_the_first_row(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name="Kiss Éva"))
        create_customer(s, CustomerInput(name="Kiss Péter"))
    screen = CustomerListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    screen.search.setFocus()
    qtbot.keyClicks(screen.search, "peter")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.table.hasFocus()
    assert screen.table.currentIndex().row() == 0
    assert screen.model.index(0, 0).data() == "Kiss Péter"
