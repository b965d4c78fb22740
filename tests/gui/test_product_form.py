"""The product form as a user works it: fields, image picker, Webáruházas checkbox, bad input."""

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.catalog import Product
from app.db.shops import Shop
from app.gui.context import AppContext
from app.gui.screens.products.product_dialog import ProductDialog
from app.gui.screens.products.product_list import ProductListScreen
from app.services.products import ProductInput, create_product


def _write_image(path: Path, fmt: str) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buf, fmt)
    path.write_bytes(buf.getvalue())
    return path


def _dialog(ctx: AppContext, qtbot, product_id: int | None = None) -> ProductDialog:
    dialog = ProductDialog(ctx, product_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    return dialog


def test_new_product_is_saved_and_appears_in_the_list(ctx: AppContext, qtbot, tmp_path, messages) -> None:
    screen = ProductListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.loaded_once and ctx.tasks.is_idle())
    assert screen.model.rowCount() == 0

    dialog = _dialog(ctx, qtbot)
    assert not dialog.webshop.isVisible()  # no webshop configured yet
    qtbot.keyClicks(dialog.code, "FURO-1")
    # QTest cannot type characters outside Latin-1 (ő, ű): set the text as an input method would.
    dialog.name.setText("Árvíztűrő tükörfúrógép")
    qtbot.keyClicks(dialog.gross_price, "12 700")
    qtbot.keyClicks(dialog.purchase_price, "6000,50")
    dialog.categories.setPlainText("Szerszámok|Fúrógépek\nAkció")
    dialog.note.setPlainText("Hosszú leírás")
    dialog.set_image_file(_write_image(tmp_path / "kep.png", "PNG"))
    qtbot.waitUntil(lambda: dialog.image is not None)
    assert dialog.thumbnail.pixmap() is not None and not dialog.thumbnail.pixmap().isNull()
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert messages == []

    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    row = [screen.model.index(0, c).data() for c in range(screen.model.columnCount())]
    assert row[0:3] == ["FURO-1", "Árvíztűrő tükörfúrógép", "Szerszámok|Fúrógépek"]
    assert row[6] == "12\u00a0700"  # gross price, Hungarian grouping
    with ctx.db.reading() as s:
        p = s.scalar(select(Product))
        assert p is not None and p.purchase_price == D("6000.5") and p.net_price == D("10000")
        assert p.image is not None and p.image.mime_type == "image/png" and p.note == "Hosszú leírás"


def test_bmp_named_jpg_is_refused_and_the_old_image_stays(ctx: AppContext, qtbot, tmp_path, messages) -> None:
    with ctx.db.transaction() as s:
        good = io.BytesIO()
        Image.new("RGB", (20, 20)).save(good, "JPEG")
        p = create_product(s, ProductInput(code="K", name="Képes", image=good.getvalue()))
    dialog = _dialog(ctx, qtbot, p.id)
    dialog.set_image_file(_write_image(tmp_path / "fenykep.jpg", "BMP"))
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "BMP" in messages[0] and "JPG vagy PNG" in messages[0]
    assert dialog.image is None  # nothing replaced
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    with ctx.db.reading() as s:
        kept = s.get(Product, p.id)
        assert kept is not None and kept.image is not None and kept.image.mime_type == "image/jpeg"


def test_duplicate_code_keeps_the_dialog_open_with_a_message(ctx: AppContext, qtbot, messages) -> None:
    with ctx.db.transaction() as s:
        create_product(s, ProductInput(code="DUP", name="Meglévő"))
    dialog = _dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.code, "DUP")
    qtbot.keyClicks(dialog.name, "Uj termek")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "termékkód már foglalt" in messages[0]
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert dialog.name.text() == "Uj termek"  # what the user typed is still there


def test_webshop_checkbox_shows_once_a_shop_exists(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        s.add(Shop(name="Bolt"))
    dialog = _dialog(ctx, qtbot)
    assert dialog.webshop.isVisible()


def test_search_filters_the_list(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        for code, name in [("A-1", "Alma"), ("B-2", "Körte"), ("C-3", "Almás pite")]:
            create_product(s, ProductInput(code=code, name=name))
    screen = ProductListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    qtbot.keyClicks(screen.search, "alma")  # also finds "Almás": accents do not matter
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    assert screen.count_label.text() == "2 / 3 tétel látszik (keresés miatt)"
    screen.search.clear()
    qtbot.keyClicks(screen.search, "KORTE b-2")  # every word must match, in any column
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.search.clear()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    screen.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert screen.model.index(0, 1).data() == "Körte"


def test_a_closed_list_frees_its_rows(ctx: AppContext, qtbot) -> None:
    """Closing a tab must release the screen and its rows (a leak found by the benchmark)."""
    import gc
    import weakref

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    with ctx.db.transaction() as s:
        create_product(s, ProductInput(code="A", name="A"))
    screen = ProductListScreen(ctx)
    screen.show()
    qtbot.waitUntil(ctx.tasks.is_idle)
    assert screen.model.rowCount() == 1
    qtbot.keyClicks(screen.search, "a")
    qtbot.wait(SEARCH_WAIT_MS)
    ref = weakref.ref(screen.model)
    screen.close()
    screen.deleteLater()
    del screen
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert ref() is None


SEARCH_WAIT_MS = 300


def test_net_and_gross_follow_each_other_while_typing(ctx: AppContext, qtbot) -> None:
    dialog = _dialog(ctx, qtbot)
    dialog.vat.setCurrentText("27%")
    qtbot.keyClicks(dialog.gross_price, "2 540")
    assert dialog.net_price.text() == "2 000"
    dialog.net_price.clear()
    qtbot.keyClicks(dialog.net_price, "1000")
    assert dialog.gross_price.text() == "1 270"
    dialog.vat.setCurrentText("5%")  # the rate changes: the typed net stays, the gross follows
    assert dialog.net_price.text() == "1000" and dialog.gross_price.text() == "1 050"
    dialog.gross_price.clear()
    # "2.490" is ambiguous (2490 or 2,49?): at its last key the net keeps the figure of "2.49".
    qtbot.keyClicks(dialog.gross_price, "2.490")
    assert dialog.net_price.text() == "2,37"


def test_categories_are_picked_from_the_existing_tree(ctx: AppContext, qtbot) -> None:
    with ctx.db.transaction() as s:
        create_product(s, ProductInput(code="A-1", name="Fúró", categories=["Szerszámok|Fúrógépek"]))
        create_product(s, ProductInput(code="A-2", name="Tál", categories=["Konyha|Edények"]))
    dialog = _dialog(ctx, qtbot)
    picker = dialog.category_picker
    assert [picker.itemText(i) for i in range(picker.count())] == ["Konyha|Edények", "Szerszámok|Fúrógépek"]
    picker.setCurrentIndex(1)
    dialog.add_category.click()
    picker.setEditText("Kert | Locsolás ")  # a new one may be typed too, tidied
    dialog.add_category.click()
    picker.setCurrentIndex(1)
    dialog.add_category.click()  # the same one twice is listed once
    assert dialog.categories.toPlainText() == "Szerszámok|Fúrógépek\nKert|Locsolás"
    completer = picker.completer()
    assert completer is not None and completer.filterMode() == Qt.MatchFlag.MatchContains
