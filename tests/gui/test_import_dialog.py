"""Törzsadatok importálása dialog: preview, a header mapped by hand, validation report, import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from app.db.catalog import Product
from app.gui.context import AppContext
from app.gui.screens.settings.import_dialog import ImportDialog


def test_preview_mapping_check_and_import(ctx: AppContext, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "sajat.csv"
    path.write_text(
        "Saját kód;Megnevezés;Ár\nX-1;Első;100\nX-1;Ismét;200\nX-2;Második;sok\n", encoding="utf-8"
    )
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(dialog.check_button.isEnabled)
    code_combo = dialog.preview.cellWidget(0, 0)
    price_combo = dialog.preview.cellWidget(0, 2)
    assert isinstance(code_combo, QComboBox) and code_combo.currentData() is None  # "Saját kód" is unknown
    assert isinstance(price_combo, QComboBox)
    code_combo.setCurrentIndex(code_combo.findData("code"))
    price_combo.setCurrentIndex(price_combo.findData("net_price"))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.report.toPlainText().startswith("Ellenőrzés"))
    text = dialog.report.toPlainText()
    assert (
        "1 jó sor, 2 hibás sor" in text and "3. sor: A(z) X-1 termékkód már szerepelt a(z) 2. sorban." in text
    )
    assert "4. sor: a(z) nettó ár nem szám" in text
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "1 új termék" in dialog.report.toPlainText())
    with ctx.db.reading() as s:
        assert s.scalar(select(Product.name).where(Product.code == "X-1")) == "Első"
    qtbot.waitUntil(ctx.tasks.is_idle)
