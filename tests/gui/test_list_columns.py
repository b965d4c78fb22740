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


def test_negative_free_stock_is_red(qtbot) -> None:
    from decimal import Decimal

    from app.gui.models.row_table_model import RowTableModel
    from app.services.listing import LISTS

    model = RowTableModel(LISTS["products"].columns)
    keys = [c.key for c in model.columns]
    row: list[object] = [None] * (len(keys) + 1)
    row[0] = 1
    row[keys.index("free") + 1] = Decimal("-2")
    row[keys.index("on_hand") + 1] = Decimal("3")
    model.set_rows([tuple(row)])
    free = model.index(0, keys.index("free"))
    assert free.data() == "-2"
    assert free.data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"
    assert model.index(0, keys.index("on_hand")).data(Qt.ItemDataRole.ForegroundRole) is None


def test_the_list_as_shown_goes_to_excel_and_the_right_click_menu_has_the_actions(
    ctx: AppContext, qtbot, tmp_path, messages
) -> None:
    from openpyxl import load_workbook

    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name="Kiss Éva", email="eva@example.hu"))
        create_customer(s, CustomerInput(name="Nagy Péter"))
    screen = _screen(ctx, qtbot)
    menu = [a.text() for a in screen.table.actions()]
    assert {"Új", "Megnyitás", "Törlés", "Frissítés", "Exportálás"} <= set(menu)
    assert screen.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu

    screen.search.setText("kiss")  # accent- and case-blind, as typed
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    target = tmp_path / "vevők.xlsx"
    screen.export(target)
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert messages[0] == f"1 sor mentve: {target}"
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(c.title for c in screen.spec.columns)
    assert len(rows) == 2 and "Kiss Éva" in rows[1] and "eva@example.hu" in rows[1]


def test_the_list_as_shown_prints_with_its_rows(ctx: AppContext, qtbot, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from tests.pdf_text import pdf_text

    with ctx.db.transaction() as s:
        create_customer(s, CustomerInput(name="Kiss Éva", email="eva@example.hu"))
        create_customer(s, CustomerInput(name="Nagy Péter"))
    screen = _screen(ctx, qtbot)
    screen.search.setText("kiss")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "vevok.pdf"
    printer.setOutputFileName(str(target))
    screen.print_list(printer)
    text = pdf_text(target)
    assert "Vevők" in text and "Kiss Éva" in text and "eva@example.hu" in text
    assert "Nagy Péter" not in text  # what the search hides is not printed
    assert "1 tétel" in text and "Keresés: „kiss”" in text
