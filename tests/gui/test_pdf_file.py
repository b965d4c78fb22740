"""Reopening an invoice PDF: unchanged → the same file; a file another program holds (Windows
refuses to overwrite it) → a new name; never an error for the user."""

from __future__ import annotations

from pathlib import Path

from app.gui.operations.invoicing import pdf_file


def test_the_same_pdf_is_reused_and_a_locked_one_gets_a_new_name(tmp_path: Path) -> None:
    first = pdf_file(tmp_path, "TESZT/2026/00001", b"%PDF-1 one")
    assert first.name == "bolthid-TESZT-2026-00001.pdf" and first.read_bytes() == b"%PDF-1 one"
    assert pdf_file(tmp_path, "TESZT/2026/00001", b"%PDF-1 one") == first
    first.unlink()
    first.mkdir()  # stands for a file a PDF viewer holds open: writing it fails
    again = pdf_file(tmp_path, "TESZT/2026/00001", b"%PDF-1 two")
    assert again != first and again.read_bytes() == b"%PDF-1 two"


def test_no_pdf_viewer_offers_save_as_and_copies_the_pdf(tmp_path: Path, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.gui.operations.invoicing import save_pdf_as

    pdf = pdf_file(tmp_path, "SZ-2026-00007", b"%PDF-1 invoice")
    shown: list[str] = []

    def choose_save(box: QMessageBox) -> int:
        shown.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == "Mentés másként…"]
        button.click()
        return 0

    target = tmp_path / "mentve" / "szamla"
    target.parent.mkdir()
    monkeypatch.setattr(QMessageBox, "exec", choose_save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    saved = save_pdf_as(None, pdf)
    assert shown and str(pdf) in shown[0] and "Nincs PDF-megjelenítő" in shown[0]
    assert saved == target.with_suffix(".pdf") and saved.read_bytes() == b"%PDF-1 invoice"
