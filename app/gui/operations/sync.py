"""Webáruház szinkron from the GUI: every active shop's orders, off the UI thread, with a summary."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.errors import AppError
from app.gui import changes
from app.gui.context import AppContext
from app.gui.progress_dialog import QtProgress
from app.sync.scheduler import run_shop

_running: set[int] = set()  # contexts with a sync under way (a click during a run joins it)


def sync_all_orders(ctx: AppContext, parent: QWidget | None) -> bool:
    """Start the order sync; returns False when one is already running (the click is merged)."""
    if id(ctx) in _running:
        return False
    _running.add(id(ctx))
    progress = QtProgress(parent, "Webáruház szinkron")

    def work(db: Database) -> list[str]:
        credentials = CredentialStore()
        with db.reading() as session:
            shop_ids = list(session.scalars(select(Shop.id).where(Shop.active.is_(True)).order_by(Shop.id)))
        lines = []
        for shop_id in shop_ids:
            try:
                run = run_shop(db, credentials, shop_id, trigger="button", progress=progress, products=False)
            except AppError as exc:
                lines.append(exc.user_message)
                continue
            lines.append(run.summary())
            if run.orders is not None:
                lines.extend(f"  • {m}" for m in run.orders.messages[:10])
        return lines

    def done(lines: list[str]) -> None:
        finish()
        ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.CUSTOMERS, changes.SYNC)
        QMessageBox.information(parent, "Webáruház szinkron", "\n".join(lines) or "Nincs aktív webáruház.")

    def failed(exc: BaseException) -> None:
        finish()
        ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.CUSTOMERS)
        from app.errors import Cancelled
        from app.gui.error_dialog import show_error

        if not isinstance(exc, Cancelled):
            show_error(parent, exc)

    def finish() -> None:
        _running.discard(id(ctx))
        progress.finish()

    ctx.tasks.run(work, done, failed, parent=parent)
    return True
