"""The automatic sync: which shops are due, one tick of the schedule, and `sync --loop`; no Qt.

The GUI timer calls ``run_due`` from its worker thread, ``bolthid sync --loop`` from a plain loop.
Each due shop goes through the one door (``app.sync.shop_sync.sync_shop``), which holds the lock
and the lease and writes the log; a tick whose shop is busy is skipped there and logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.errors import Cancelled
from app.progress import Progress, SilentProgress
from app.sync.shop_sync import BOTH, ShopSyncReport, Trigger, sync_shop
from app.sync.sync_log import purge_old
from app.timeutil import utcnow

log = logging.getLogger(__name__)


def due_shops(
    db: Database,
    last_runs: dict[int, datetime],
    now: datetime | None = None,
    interval: timedelta | None = None,
) -> list[int]:
    """Active shops with automatic sync whose interval (``interval`` overrides the shops') has passed."""
    now = now or utcnow()
    with db.reading() as session:
        rows = list(
            session.execute(
                select(Shop.id, Shop.sync_interval_minutes).where(
                    Shop.active.is_(True), Shop.auto_sync.is_(True)
                )
            )
        )
    due = []
    for shop_id, minutes in rows:
        last = last_runs.get(shop_id)
        every = interval if interval is not None else timedelta(minutes=max(1, minutes or 5))
        if last is None or now - last >= every:
            due.append(shop_id)
    return due


def run_due(
    db: Database,
    credentials: CredentialStore,
    last_runs: dict[int, datetime],
    progress: Progress | None = None,
    interval: timedelta | None = None,
    clock: Callable[[], datetime] = utcnow,
    on_nav: Callable[[str], None] | None = None,
) -> list[ShopSyncReport]:
    """One tick of the schedule: every shop whose interval passed (``last_runs`` is updated)."""
    results: list[ShopSyncReport] = []
    if db.read_only:
        return results  # a read-only database (told at start): a sync could not write anything
    for shop_id in due_shops(db, last_runs, clock(), interval):
        last_runs[shop_id] = clock()
        try:
            results.append(
                sync_shop(
                    db, credentials, shop_id, BOTH, trigger=Trigger.AUTO, progress=progress, clock=clock
                )
            )
        except Cancelled:
            break  # the program is stopping; what was imported is committed, the rest comes next time
        except Exception:  # one shop's failure never stops the schedule of the others
            log.exception("scheduled sync of shop %s failed", shop_id)
    _report_to_nav(db, credentials, clock, on_nav)
    purge_old(db)
    from app.db.backup import daily_backup

    try:
        daily_backup(db.url)
    except Exception:  # a failed backup must not stop the sync; it is logged and retried next tick
        log.exception("daily backup failed")
    return results


def _report_to_nav(
    db: Database,
    credentials: CredentialStore,
    clock: Callable[[], datetime],
    on_nav: Callable[[str], None] | None,
) -> None:
    """Every tick also reports what waits for NAV (one pass, no waiting for answers)."""
    from app.sync.nav_sender import send_reports

    try:
        result = send_reports(db, credentials, clock=clock)
    except Exception:  # NAV trouble never stops the shops' schedule
        log.exception("NAV reporting failed")
        return
    if result.sent or result.done or result.aborted or result.recovered or result.errors:
        log.info("%s", result.summary())
        if on_nav is not None:
            on_nav(result.summary())


def loop(
    db: Database,
    credentials: CredentialStore,
    stop: threading.Event,
    *,
    tick_seconds: float = 20.0,
    interval: timedelta | None = None,
    on_result: Callable[[ShopSyncReport], None] | None = None,
    on_nav: Callable[[str], None] | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """``bolthid sync --loop``: the schedule until ``stop`` is set (Ctrl+C / SIGTERM)."""
    last_runs: dict[int, datetime] = {}
    progress = _StopProgress(stop)
    while not stop.is_set():
        for result in run_due(db, credentials, last_runs, progress, interval, clock=clock, on_nav=on_nav):
            if on_result is not None:
                on_result(result)
        wait_for(stop, tick_seconds)


# On Windows a lock wait is not interrupted by Ctrl+C: the handler only runs once the wait ends, so
# the loop waits in short slices (Ctrl+C used to take up to a whole tick, 20 s).
WAIT_SLICE = 0.25


def wait_for(stop: threading.Event, seconds: float) -> bool:
    """Like ``stop.wait(seconds)``, but a signal handler gets to run at least every WAIT_SLICE."""
    deadline = time.monotonic() + seconds
    while not stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        stop.wait(min(left, WAIT_SLICE))
    return True


class _StopProgress(SilentProgress):
    """Cancels a run between two orders/records when the loop is asked to stop."""

    def __init__(self, stop: threading.Event) -> None:
        super().__init__()
        self.stop = stop

    def raise_if_cancelled(self) -> None:
        if self.stop.is_set():
            raise Cancelled()
