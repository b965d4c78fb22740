"""The automatic sync: per shop, orders then products/stock, every interval; no Qt, no threads of its own.

The GUI calls ``run_shop`` from its worker thread on a timer, ``bolthid sync --loop`` from a plain
loop. One run per shop at a time: in this process by a lock per shop, across workstations sharing a
database by a lease row (a crashed holder's lease simply expires). A shop that is banned, backing
off, out of budget or has a rejected key is skipped with the reason, without a call to UNAS.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shop_api import ShopApiState
from app.db.shops import Shop
from app.db.sync_log import SyncLease
from app.errors import AppError, Cancelled
from app.progress import Progress, SilentProgress
from app.sync import shops
from app.sync.order_sync import BUDGET_RESERVE, OrderSyncReport, sync_orders
from app.sync.product_sync import ProductSyncReport, push_products
from app.sync.sync_log import Event, purge_old, record_run, workstation
from app.timeutil import utcnow
from app.unas import limits

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
_local_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()
_last_results: dict[int, ShopRun] = {}  # per shop, the last finished run in this process


@dataclass
class ShopRun:
    shop_id: int
    shop: str
    skipped: str = ""  # the reason, when nothing was attempted
    orders: OrderSyncReport | None = None
    products: ProductSyncReport | None = None
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.skipped:
            return f"{self.shop}: kihagyva – {self.skipped}"
        parts = [r.summary() for r in (self.orders, self.products) if r is not None]
        return "\n".join(parts + self.messages)


def _local_lock(shop_id: int) -> threading.Lock:
    with _locks_guard:
        return _local_locks.setdefault(shop_id, threading.Lock())


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


def blocked_reason(db: Database, shop_id: int, now: datetime | None = None) -> str:
    """Why a shop must not be called now ("" when it may)."""
    now = now or utcnow()
    with db.reading() as session:
        state = session.get(ShopApiState, shop_id)
    if state is None:
        return ""
    if state.key_rejected:
        return "az API kulcs hibás; adja meg újra a Webáruházak ablakban"
    if state.banned_until and state.banned_until > now:
        return f"a UNAS kitiltotta a gépet eddig: {state.banned_until:%H:%M} (UTC)"
    if state.backoff_until and state.backoff_until > now:
        return f"a webáruház nem válaszolt; újrapróbálás {state.backoff_until:%H:%M} (UTC) után"
    return ""


def _take_lease(db: Database, shop_id: int, holder: str) -> bool:
    now = utcnow()
    with db.transaction() as session:
        taken = session.execute(
            update(SyncLease)
            .where(SyncLease.shop_id == shop_id, or_(SyncLease.expires_at < now, SyncLease.holder == holder))
            .values(holder=holder, expires_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return True
        if session.get(SyncLease, shop_id) is not None:
            return False
    try:
        with db.transaction() as session:
            session.add(SyncLease(shop_id=shop_id, holder=holder, expires_at=now + LEASE))
        return True
    except IntegrityError:  # another workstation inserted it first
        return False


def _release_lease(db: Database, shop_id: int, holder: str) -> None:
    with db.transaction() as session:
        lease = session.get(SyncLease, shop_id)
        if lease is not None and lease.holder == holder:
            session.delete(lease)


def run_shop(
    db: Database,
    credentials: CredentialStore,
    shop_id: int,
    *,
    trigger: str = "auto",
    progress: Progress | None = None,
    products: bool = True,
) -> ShopRun:
    """Orders, then products/stock, for one shop; logged in the Szinkronizációs napló."""
    progress = progress or SilentProgress()
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        result = ShopRun(shop_id, shop.name)
    lock = _local_lock(shop_id)
    if not lock.acquire(blocking=False):
        if trigger != "auto":
            # A click during a run joins it: wait for that run and show its result.
            with lock:
                pass
            joined = _last_results.get(shop_id)
            if joined is not None:
                return joined
        result.skipped = "már fut egy szinkron ennél a webáruháznál"
        return result
    holder = f"{workstation()}:{threading.get_ident()}"
    try:
        reason = blocked_reason(db, shop_id)
        if reason:
            result.skipped = reason
            _log_skip(db, shop_id, trigger, reason)
            return result
        if not _take_lease(db, shop_id, holder):
            result.skipped = "egy másik munkaállomás éppen szinkronizálja"
            return result
        try:
            _run(db, credentials, shop_id, trigger, progress, products, result)
        finally:
            _release_lease(db, shop_id, holder)
        _last_results[shop_id] = result
    finally:
        lock.release()
    return result


def _run(
    db: Database,
    credentials: CredentialStore,
    shop_id: int,
    trigger: str,
    progress: Progress,
    products: bool,
    result: ShopRun,
) -> None:
    try:
        client = shops.shop_client(db, credentials, shop_id)
    except AppError as exc:
        result.skipped = exc.user_message
        _log_skip(db, shop_id, trigger, exc.user_message)
        return
    started = utcnow()
    if trigger == "auto" and client.budget_left(limits.bucket_for("getOrder")) <= BUDGET_RESERVE:
        # The last calls of the hour are kept for the user's own click.
        result.skipped = "az óránkénti lekérési keret a kézi szinkronnak van fenntartva"
        _log_skip(db, shop_id, trigger, result.skipped)
        return
    orders = sync_orders(db, shop_id, client, progress)
    result.orders = orders
    record_run(
        db,
        shop_id,
        "orders",
        trigger,
        started,
        status=orders.status,
        summary=orders.summary(),
        created=orders.created,
        updated=orders.updated,
        errors=orders.errors + orders.held,
        events=orders.events + [Event("message", "ok", "", m) for m in orders.messages if m][:50],
    )
    if not products or not orders.complete:
        return
    started = utcnow()
    pushed = push_products(db, shop_id, client, pull_orders=False, progress=progress)
    result.products = pushed
    if pushed.needs_confirmation:
        result.messages.append("Az első termékküldést a Termék szinkron gombbal kell megerősíteni.")
    log_products(db, shop_id, trigger, started, pushed)


def log_products(
    db: Database, shop_id: int, trigger: str, started: datetime, pushed: ProductSyncReport
) -> None:
    """A product push in the Szinkronizációs napló (the schedule's, the button's or the CLI's)."""
    record_run(
        db,
        shop_id,
        "products",
        trigger,
        started,
        status=pushed.status,
        summary=pushed.summary(),
        created=pushed.created,
        updated=len(pushed.touched) - pushed.created,
        errors=len(pushed.errors),
        events=pushed.events + [Event("message", "ok", "", m) for m in pushed.messages][:50],
    )


def _log_skip(db: Database, shop_id: int, trigger: str, reason: str) -> None:
    now = utcnow()
    record_run(db, shop_id, "orders", trigger, now, status="skipped", summary=f"Kihagyva: {reason}")


def run_due(
    db: Database,
    credentials: CredentialStore,
    last_runs: dict[int, datetime],
    progress: Progress | None = None,
    interval: timedelta | None = None,
) -> list[ShopRun]:
    """One tick of the schedule: every shop whose interval passed (``last_runs`` is updated)."""
    results = []
    for shop_id in due_shops(db, last_runs, interval=interval):
        last_runs[shop_id] = utcnow()
        try:
            results.append(run_shop(db, credentials, shop_id, progress=progress))
        except Cancelled:
            break  # the program is stopping; what was imported is committed, the rest comes next time
        except Exception:  # one shop's failure never stops the schedule of the others
            log.exception("scheduled sync of shop %s failed", shop_id)
    purge_old(db)
    from app.db.backup import daily_backup

    try:
        daily_backup(db.url)
    except Exception:  # a failed backup must not stop the sync; it is logged and retried next tick
        log.exception("daily backup failed")
    return results


def loop(
    db: Database,
    credentials: CredentialStore,
    stop: threading.Event,
    *,
    tick_seconds: float = 20.0,
    interval: timedelta | None = None,
    on_result: object = None,
) -> None:
    """``bolthid sync --loop``: the schedule until ``stop`` is set (Ctrl+C / SIGTERM)."""
    last_runs: dict[int, datetime] = {}
    progress = _StopProgress(stop)
    while not stop.is_set():
        for result in run_due(db, credentials, last_runs, progress, interval):
            if callable(on_result):
                on_result(result)
        stop.wait(tick_seconds)


class _StopProgress(SilentProgress):
    """Cancels a run between two orders/records when the loop is asked to stop."""

    def __init__(self, stop: threading.Event) -> None:
        super().__init__()
        self.stop = stop

    def raise_if_cancelled(self) -> None:
        if self.stop.is_set():
            raise Cancelled()
