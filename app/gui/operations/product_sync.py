"""Termék szinkron from the GUI: every active shop, off the UI thread; the first push is confirmed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.errors import AppError, Cancelled
from app.gui import changes
from app.gui.context import AppContext
from app.gui.progress_dialog import QtProgress
from app.sync import shops
from app.sync.product_sync import ProductSyncReport, push_products
from app.sync.scheduler import log_products
from app.timeutil import utcnow

TITLE = "Termék szinkron"
_running: set[int] = set()  # contexts with a product sync under way


class _Outcome:
    def __init__(self) -> None:
        self.reports: list[ProductSyncReport] = []
        self.failures: list[str] = []


def sync_all_products(ctx: AppContext, parent: QWidget | None) -> bool:
    """Start the product sync; returns False when one is already running."""
    if id(ctx) in _running:
        return False
    _running.add(id(ctx))
    _ProductSync(ctx, parent).start()
    return True


class _ProductSync:
    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        self.ctx, self.parent = ctx, parent
        self.shown: list[ProductSyncReport] = []
        self.failures: list[str] = []

    def start(self) -> None:
        self.progress = QtProgress(self.parent, TITLE)
        self.ctx.tasks.run(self._first_pass, self._after_first, self._failed, parent=self.parent)

    def _first_pass(self, db: Database) -> _Outcome:
        outcome = _Outcome()
        credentials = CredentialStore()
        with db.reading() as session:
            shop_ids = list(session.scalars(select(Shop.id).where(Shop.active.is_(True)).order_by(Shop.id)))
        for shop_id in shop_ids:
            try:
                client = shops.shop_client(db, credentials, shop_id)
                started = utcnow()
                report = push_products(db, shop_id, client, progress=self.progress)
                outcome.reports.append(report)
                if not report.needs_confirmation:
                    log_products(db, shop_id, "button", started, report)
            except AppError as exc:
                outcome.failures.append(exc.user_message)
        return outcome

    def _after_first(self, outcome: _Outcome) -> None:
        self.progress.finish()
        self.failures = outcome.failures
        waiting = [r for r in outcome.reports if r.needs_confirmation and r.plan is not None]
        self.shown = [r for r in outcome.reports if not r.needs_confirmation]
        confirmed = []
        for report in waiting:
            assert report.plan is not None
            answer = QMessageBox.question(
                self.parent,
                TITLE,
                report.plan.preview_text() + "\n\nElküldjük a termékeket a webáruházba?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                confirmed.append(report)
            else:
                self.shown.append(report)
        if not confirmed:
            self._finish()
            return
        self.progress = QtProgress(self.parent, TITLE)

        def second_pass(db: Database) -> _Outcome:
            outcome = _Outcome()
            credentials = CredentialStore()
            for report in confirmed:
                assert report.plan is not None
                try:
                    client = shops.shop_client(db, credentials, report.plan.shop_id)
                    started = utcnow()
                    pushed = push_products(
                        db,
                        report.plan.shop_id,
                        client,
                        plan=report.plan,
                        confirmed=True,
                        pull_orders=False,
                        progress=self.progress,
                    )
                    outcome.reports.append(pushed)
                    log_products(db, report.plan.shop_id, "button", started, pushed)
                except AppError as exc:
                    outcome.failures.append(exc.user_message)
            return outcome

        self.ctx.tasks.run(second_pass, self._after_second, self._failed, parent=self.parent)

    def _after_second(self, outcome: _Outcome) -> None:
        self.progress.finish()
        self.shown += outcome.reports
        self.failures += outcome.failures
        self._finish()

    def _finish(self) -> None:
        _running.discard(id(self.ctx))
        self.ctx.changes.emit(
            changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.CUSTOMERS, changes.SYNC
        )
        box = QMessageBox(self.parent)
        box.setWindowTitle(TITLE)
        lines = [r.summary() for r in self.shown] + self.failures
        box.setText("\n".join(lines) or "Nincs aktív webáruház.")
        details = []
        for report in self.shown:
            if report.orders is not None:
                details.append(report.orders.summary())
            details += [f"{report.shop} – {code}: {reason}" for code, reason in report.errors]
            details += [f"{report.shop}: {m}" for m in report.messages]
        if details:
            box.setDetailedText("\n".join(details))
        errors = any(r.errors or not r.complete for r in self.shown) or self.failures
        box.setIcon(QMessageBox.Icon.Warning if errors else QMessageBox.Icon.Information)
        box.exec()

    def _failed(self, exc: BaseException) -> None:
        self.progress.finish()
        _running.discard(id(self.ctx))
        self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.CUSTOMERS)
        if not isinstance(exc, Cancelled):
            from app.gui.error_dialog import show_error

            show_error(self.parent, exc)
