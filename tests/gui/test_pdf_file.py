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
