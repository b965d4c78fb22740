"""List columns: sized to the first screenful of rows, the user's widths kept per list, the full text
of a cut cell in its tooltip, numbers right-aligned."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.gui.context import AppContext
from app.gui.screens.masterdata.customers import CustomerListScreen
from app.gui.widgets import column_widths
from app.services.customers import CustomerInput, create_customer

LONG_NAME = "Kovácsné Szentgyörgyi-Horváth Éva Margit egyéni vállalkozó"


def _screen(ctx: AppContext, qtbot) -> CustomerListScreen:
    screen = CustomerListScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1300, 600)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    return screen


def test_columns_fit_their_text_and_the_users_width_is_kept(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name=LONG_NAME, tax_number="12345676-2-42"))
        create_customer(s, CustomerInput(name="Kiss Éva"))
    screen = _screen(ctx, qtbot)
    keys = [c.key for c in screen.spec.columns]
    name = keys.index("name")
    needed = screen.table.fontMetrics().horizontalAdvance(LONG_NAME)
    assert screen.table.columnWidth(name) >= needed  # not "Kovácsné Szentgyö…"
    assert screen.model.index(0, name).data(Qt.ItemDataRole.ToolTipRole) in (LONG_NAME, "Kiss Éva")

    # The user narrows a column: that width wins from then on, for this list.
    screen.table.horizontalHeader().resizeSection(name, 123)
    again = _screen(ctx, qtbot)
    assert again.table.columnWidth(name) == 123
    assert column_widths.settings().value(f"customers/widths/{name}") in (123, "123")


def test_a_hand_edited_width_file_falls_back_to_the_measured_width(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name=LONG_NAME))
        create_customer(s, CustomerInput(name="Kiss Éva"))
    store = column_widths.settings()
    store.setValue("customers/widths/0", "széles")
    store.sync()
    screen = _screen(ctx, qtbot)
    assert screen.table.columnWidth(0) >= column_widths.MIN_WIDTH
