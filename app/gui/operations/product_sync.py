"""Termék szinkron from the GUI: orders first, then the push; the first push to a shop is confirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from app.gui.context import AppContext
from app.gui.operations.sync import Outcome, offer_to_wait, show_summary, sync_shops_in_background
from app.sync.jobs import BOTH, Job

if TYPE_CHECKING:
    from app.sync.shop_sync import ShopSyncReport

TITLE = "Termék szinkron"


def sync_all_products(ctx: AppContext, parent: QWidget | None) -> bool:
    """Start the product sync of every active shop; False when one is already running."""

    def after_first(outcome: Outcome) -> None:
        waiting = [r for r in outcome.reports if r.needs_confirmation and r.plan is not None]
        shown = [r for r in outcome.reports if not r.needs_confirmation]
        plans: dict[int, object] = {}
        for report in waiting:
            assert report.plan is not None
            answer = QMessageBox.question(
                parent, TITLE, report.plan.preview_text() + "\n\nElküldjük a termékeket a webáruházba?"
            )
            if answer == QMessageBox.StandardButton.Yes:
                plans[report.shop_id] = report.plan
            else:
                shown.append(report)
        if not plans:
            _finish(ctx, parent, shown, outcome.failures)
            return

        def after_second(second: Outcome) -> None:
            _finish(ctx, parent, shown + second.reports, outcome.failures + second.failures)

        # The orders were just pulled: the confirmed push runs the product job only.
        sync_shops_in_background(
            ctx, parent, TITLE, (Job.PRODUCTS,), after_second, shop_ids=list(plans), confirmed_plans=plans
        )

    return sync_shops_in_background(ctx, parent, TITLE, BOTH, after_first)


def _finish(
    ctx: AppContext, parent: QWidget | None, reports: list[ShopSyncReport], failures: list[str]
) -> None:
    show_summary(parent, TITLE, reports, failures, headline=Job.PRODUCTS)
    busy = [r for r in reports if r.busy is not None and not r.busy.same_process]
    offer_to_wait(ctx, parent, TITLE, BOTH, busy)
