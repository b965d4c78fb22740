"""Webáruház szinkron and Termék szinkron from the GUI: every active shop through the one door.

Work runs off the UI thread; a click while this program already syncs the shop joins that run;
a shop held by another workstation is named, and the user may wait for it or leave it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from app.credentials import CredentialStore
from app.db.database import Database
from app.errors import AppError, Cancelled
from app.gui import changes
from app.gui.context import AppContext
from app.gui.progress_dialog import QtProgress
from app.progress import Progress
from app.sync import lease
from app.sync.jobs import Job, Trigger

if TYPE_CHECKING:
    from app.sync.shop_sync import ShopSyncReport

# While waiting for another workstation, its lease is looked at this often (seconds).
WAIT_POLL_SECONDS = 5.0

_running: set[tuple[int, str]] = set()  # (context, title) with a sync under way


class Outcome:
    def __init__(self) -> None:
        self.reports: list[ShopSyncReport] = []
        self.failures: list[str] = []


def sync_shops_in_background(
    ctx: AppContext,
    parent: QWidget | None,
    title: str,
    jobs: Sequence[Job],
    on_done: Callable[[Outcome], None],
    *,
    shop_ids: Sequence[int] | None = None,
    confirmed_plans: dict[int, object] | None = None,
) -> bool:
    """Run ``jobs`` for the shops (default: every active one); False when one is already running."""
    key = (id(ctx), title)
    if key in _running:
        return False
    _running.add(key)
    progress = QtProgress(parent, title)

    def work(db: Database) -> Outcome:
        from app.sync.shop_sync import active_shop_ids, sync_shop  # the sync machinery, when used

        outcome = Outcome()
        credentials = CredentialStore()
        ids = list(shop_ids) if shop_ids is not None else active_shop_ids(db)
        for shop_id in ids:
            plan = (confirmed_plans or {}).get(shop_id)
            try:
                outcome.reports.append(
                    sync_shop(
                        db,
                        credentials,
                        shop_id,
                        jobs,
                        trigger=Trigger.BUTTON,
                        progress=progress,
                        confirmed=plan is not None,
                        plan=plan,  # type: ignore[arg-type]
                    )
                )
            except AppError as exc:
                outcome.failures.append(exc.user_message)
        return outcome

    def finish() -> None:
        _running.discard(key)
        progress.finish()
        ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.CUSTOMERS, changes.SYNC)

    def done(outcome: Outcome) -> None:
        finish()
        on_done(outcome)

    def failed(exc: BaseException) -> None:
        finish()
        if not isinstance(exc, Cancelled):
            from app.gui.error_dialog import show_error

            show_error(parent, exc)

    ctx.tasks.run(work, done, failed, parent=parent)
    return True


def offer_to_wait(
    ctx: AppContext, parent: QWidget | None, title: str, jobs: Sequence[Job], busy: list[ShopSyncReport]
) -> None:
    """Name the workstation holding each busy shop; on Yes, wait for it and then run."""
    for report in busy:
        answer = QMessageBox.question(
            parent,
            title,
            report.skipped[:1].upper()
            + report.skipped[1:]
            + ".\n\nMegvárja, amíg befejezi, és utána lefuttatja itt is?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            continue
        progress = QtProgress(parent, f"{title} – várakozás a(z) {report.shop} webáruházra")

        def work(
            db: Database, shop_id: int = report.shop_id, progress: QtProgress = progress
        ) -> ShopSyncReport:
            from app.sync.shop_sync import sync_shop

            wait_until_free(db, shop_id, progress)
            return sync_shop(db, CredentialStore(), shop_id, jobs, trigger=Trigger.BUTTON, progress=progress)

        def done(result: ShopSyncReport, progress: QtProgress = progress) -> None:
            progress.finish()
            ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.SYNC)
            show_summary(parent, title, [result], [])

        def failed(exc: BaseException, progress: QtProgress = progress) -> None:
            progress.finish()
            if not isinstance(exc, Cancelled):
                from app.gui.error_dialog import show_error

                show_error(parent, exc)

        ctx.tasks.run(work, done, failed, parent=parent)


SHOWN_REASONS = 8  # reasons shown in the message itself; all of them behind Részletek


def wait_until_free(db: Database, shop_id: int, progress: Progress) -> None:
    """Block (on a worker) until no other run holds the shop, or the user cancels."""
    import time

    waited = 0.0
    while lease.current_holder(db, shop_id) is not None and waited < lease.LEASE.total_seconds():
        progress.raise_if_cancelled()
        progress.report(0, None, "Várakozás a másik munkaállomásra")
        time.sleep(WAIT_POLL_SECONDS)
        waited += WAIT_POLL_SECONDS


def show_summary(
    parent: QWidget | None,
    title: str,
    reports: list[ShopSyncReport],
    failures: list[str],
    *,
    headline: Job = Job.ORDERS,
) -> None:
    """One message for the whole click: each shop's outcome, the reasons behind "Részletek".

    The product button's headline is the push; the order pull it ran first goes to the details.
    """
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    lines = [_headline(r, headline) for r in reports] + failures
    box.setText("\n".join(lines) or "Nincs aktív webáruház.")
    details = []
    for report in reports:
        if headline == Job.PRODUCTS and report.orders is not None and report.products is not None:
            details.append(report.orders.summary())
        details += [f"{report.shop}: {line}" for line in report.details()]
    if details:
        box.setDetailedText("\n".join(details))
        # The first reasons in sight, not only behind "Részletek megjelenítése…".
        shown = details[:SHOWN_REASONS]
        more = len(details) - len(shown)
        box.setInformativeText("\n".join(shown) + (f"\n… és még {more} (Részletek)" if more > 0 else ""))
    bad = failures or any(r.failed for r in reports)
    box.setIcon(QMessageBox.Icon.Warning if bad else QMessageBox.Icon.Information)
    open_log = box.addButton("Szinkronizációs napló", QMessageBox.ButtonRole.ActionRole) if bad else None
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if open_log is not None and box.clickedButton() is open_log:
        _open_sync_log(parent)


def _open_sync_log(parent: QWidget | None) -> None:
    """To the log from a run that needs a look: the main window opens its tab."""
    from app.gui.navigation import open_tab
    from app.gui.screens.webshop.sync_log_view import SyncLogScreen

    open_tab(parent, SyncLogScreen)


def _headline(report: ShopSyncReport, job: Job) -> str:
    if job == Job.PRODUCTS and report.products is not None and not report.skipped:
        return "\n".join([report.products.summary(), *report.messages])
    return report.summary()


def sync_all_orders(ctx: AppContext, parent: QWidget | None) -> bool:
    """Webáruház szinkron: orders of every active shop; False when one is already running."""
    title = "Webáruház szinkron"

    def done(outcome: Outcome) -> None:
        busy = [r for r in outcome.reports if r.busy is not None and not r.busy.same_process]
        show_summary(parent, title, outcome.reports, outcome.failures)
        offer_to_wait(ctx, parent, title, (Job.ORDERS,), busy)

    return sync_shops_in_background(ctx, parent, title, (Job.ORDERS,), done)
