"""Szedőlista and Szállítólevél from the orders list: made off the UI thread, shown in the PDF viewer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.gui.error_dialog import show_error
from app.gui.operations.invoicing import pdf_file, show_pdf
from app.services import picking


def show_picking_list(ctx: AppContext, parent: QWidget | None, order_ids: list[int]) -> None:
    def work(db: Database) -> Path:
        with db.reading() as session:
            pdf = picking.picking_list_pdf(session, order_ids)
        return pdf_file(Path(tempfile.gettempdir()), "szedolista", pdf)

    ctx.tasks.run(
        work,
        lambda path: show_pdf(parent, path, "A szedőlista"),
        lambda e: show_error(parent, e),
        parent=parent,
    )


def show_delivery_notes(ctx: AppContext, parent: QWidget | None, order_ids: list[int]) -> None:
    """One delivery note per order (numbered at the first print), each opened."""

    def work(db: Database) -> list[Path]:
        paths = []
        for order_id in order_ids:
            with db.transaction() as session:
                number, pdf = picking.delivery_note_pdf(session, order_id)
            paths.append(pdf_file(Path(tempfile.gettempdir()), number, pdf))
        return paths

    def done(paths: list[Path]) -> None:
        ctx.changes.emit(changes.DOCUMENTS)
        for path in paths:
            show_pdf(parent, path, "A szállítólevél")

    ctx.tasks.run(work, done, lambda e: show_error(parent, e), parent=parent)
