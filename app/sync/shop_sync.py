"""The one door into "sync this shop": every button, command, timer and retry comes through here.

``sync_shop`` takes the shop's process lock and its lease (one workstation at a time), skips a shop
that is banned, backing off or has a rejected key without calling it, runs the jobs it was asked
for (orders always before products, once), writes a Szinkronizációs napló run with its record
events for each job, and returns one ``ShopSyncReport`` that the CLI, the GUI and the log all show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.db.sync_log import SyncRun
from app.errors import AppError, Cancelled
from app.formatting import format_date
from app.progress import Progress, SilentProgress
from app.sync import lease, shops
from app.sync.client_state import blocked_reason
from app.sync.jobs import BOTH as BOTH
from app.sync.jobs import Job as Job
from app.sync.jobs import Trigger as Trigger
from app.sync.order_sync import BUDGET_RESERVE, OrderSyncReport, sync_orders
from app.sync.product_plan import ProductSyncReport, PushPlan
from app.sync.sync_log import Event, record_run
from app.timeutil import to_local, utcnow
from app.unas import limits
from app.unas.client import UnasClient


@dataclass
class ShopSyncReport:
    shop_id: int
    shop: str
    jobs: tuple[Job, ...]
    trigger: Trigger
    skipped: str = ""  # why nothing was attempted ("" when it ran)
    busy: lease.Holder | None = None  # set when another run holds the shop
    orders: OrderSyncReport | None = None
    products: ProductSyncReport | None = None
    messages: list[str] = field(default_factory=list)
    joined: bool = False  # a click that waited for a run already under way and shows its result

    @property
    def needs_confirmation(self) -> bool:
        return self.products is not None and self.products.needs_confirmation

    @property
    def plan(self) -> PushPlan | None:
        return self.products.plan if self.products is not None else None

    @property
    def failed(self) -> bool:
        """Anything the user has to look at: a skip, an error, a pass that did not finish."""
        if self.skipped:
            return True
        parts = [r for r in (self.orders, self.products) if r is not None]
        return any(r.status in ("error", "partial") for r in parts)

    def summary(self) -> str:
        if self.skipped:
            return f"{self.shop}: kihagyva – {self.skipped}"
        parts = [r.summary() for r in (self.orders, self.products) if r is not None]
        return "\n".join(parts + self.messages)

    def details(self) -> list[str]:
        """Every record-level reason, for the "Részletek" part of a dialog and the console."""
        out: list[str] = []
        if self.orders is not None:
            out += [m for m in self.orders.messages if m]
            out += [f"{e.ref}: {e.message}" for e in self.orders.events if e.status == "skipped"]
        if self.products is not None:
            out += [f"{code}: {reason}" for code, reason in self.products.errors]
            out += self.products.messages
        return out


def busy_message(shop: str, holder: lease.Holder) -> str:
    since = f" ({format_date(to_local(holder.since))} óta)" if holder.since else ""
    if holder.same_process:
        return f"a(z) {shop} webáruház szinkronja ebben a programban már fut{since}"
    return (
        f"a(z) {shop} webáruházat most a(z) „{holder.workstation}” munkaállomás szinkronizálja{since}; "
        "egy webáruházat egyszerre csak egy munkaállomás szinkronizál"
    )


_last_reports: dict[int, ShopSyncReport] = {}  # per shop, the last finished run in this process


def sync_shop(
    db: Database,
    credentials: CredentialStore,
    shop_id: int,
    jobs: Iterable[Job] = BOTH,
    *,
    trigger: Trigger = Trigger.AUTO,
    progress: Progress | None = None,
    confirmed: bool = False,
    plan: PushPlan | None = None,
    client_factory: Callable[[], UnasClient] | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> ShopSyncReport:
    """Run ``jobs`` for one shop through the lock and the lease; every outcome is logged.

    ``clock`` is the time the decisions read (bans, back-off, lease, the client's budget): tests
    let an hour pass without waiting for it.
    """
    wanted = tuple(j for j in BOTH if j in set(jobs))
    progress = progress or SilentProgress()
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        if shop is None:
            raise AppError("A webáruház nem található (talán közben törölték).")
        report = ShopSyncReport(shop_id, shop.name, wanted, trigger)
    lock = lease.process_lock(shop_id)
    if not lock.acquire(blocking=False):
        if trigger == Trigger.AUTO:
            return _skip(db, report, busy=lease.Holder(lease.workstation(), None, same_process=True))
        # A click during a run joins it: wait for that run and show its result, if it did the job.
        with lock:
            joined = _last_reports.get(shop_id)
        if joined is not None and set(wanted) <= set(joined.jobs):
            joined.joined = True
            return joined
        lock.acquire()
    holder = lease.holder_id()
    try:
        reason = blocked_reason(db, shop_id, clock())
        if reason:
            return _skip(db, report, reason)
        busy = lease.take_lease(db, shop_id, holder, clock)
        if busy is not None:
            return _skip(db, report, busy=busy)
        try:
            keeper = _LeaseKeeper(db, shop_id, holder, progress)
            factory = client_factory or (lambda: shops.shop_client(db, credentials, shop_id, clock))
            _run_jobs(db, report, keeper, confirmed, plan, factory)
            if trigger == Trigger.BUTTON and Job.ORDERS in wanted:
                start_auto_sync_after_demo(db, shop_id)
        finally:
            lease.release_lease(db, shop_id, holder)
        _last_reports[shop_id] = report
    finally:
        lock.release()
    return report


def start_auto_sync_after_demo(db: Database, shop_id: int) -> None:
    """A new test shop waits with its demo orders for the user's first click; after that first
    clicked order sync it runs every 5 minutes, as a real shop does. A shop clicked before (the
    user may have turned the automatic sync off on purpose since) is left as it is."""
    with db.transaction() as session:
        shop = session.get(Shop, shop_id)
        if shop is None or not shop.is_test or shop.auto_sync:
            return
        order_runs = session.scalar(
            select(func.count())
            .select_from(SyncRun)
            .where(
                SyncRun.shop_id == shop_id,
                SyncRun.kind == Job.ORDERS,
                SyncRun.trigger == Trigger.BUTTON,
                SyncRun.status != "skipped",
            )
        )
        if order_runs == 1:  # this click's run is the first click's
            shop.auto_sync = True


def _skip(
    db: Database, report: ShopSyncReport, reason: str = "", busy: lease.Holder | None = None
) -> ShopSyncReport:
    report.busy = busy
    report.skipped = busy_message(report.shop, busy) if busy is not None else reason
    started = utcnow()
    record_run(
        db,
        report.shop_id,
        report.jobs[0] if report.jobs else Job.ORDERS,
        report.trigger,
        started,
        status="busy" if busy is not None else "skipped",
        summary=f"Kihagyva: {report.skipped}",
        events=[Event("message", "skipped", "", report.skipped)],
    )
    return report


def _run_jobs(
    db: Database,
    report: ShopSyncReport,
    progress: Progress,
    confirmed: bool,
    plan: PushPlan | None,
    client_factory: Callable[[], UnasClient],
) -> None:
    shop_id = report.shop_id
    try:
        client = client_factory()
    except AppError as exc:
        _skip(db, report, exc.user_message)
        return
    if Job.ORDERS in report.jobs:
        reserved = client.budget_left(limits.bucket_for("getOrder")) <= BUDGET_RESERVE
        if report.trigger == Trigger.AUTO and reserved:
            # The last calls of the hour are kept for the user's own click.
            _skip(db, report, "az óránkénti lekérési keret a kézi szinkronnak van fenntartva")
            return
        started = utcnow()
        try:
            orders = sync_orders(db, shop_id, client, progress)
        except Cancelled:
            _log_cancelled(db, report, Job.ORDERS, started)
            raise
        report.orders = orders
        _log_orders(db, report, started, orders)
        if orders.cancelled:
            raise Cancelled()
        if Job.PRODUCTS in report.jobs and not orders.complete:
            # Stock pushed before every sold item is reserved could sell what is gone.
            report.messages.append(
                "A termékek küldése elmaradt, mert a rendelések letöltése nem ért végig; "
                "a következő szinkron pótolja."
            )
            return
    if Job.PRODUCTS in report.jobs:
        # Imported here: an orders-only run (the one-shot `sync orders`) never loads the push and
        # its image library.
        from app.sync.product_sync import push_products

        started = utcnow()
        try:
            # The tick compares only the stock while no field can have changed; a click compares all.
            quick = report.trigger == Trigger.AUTO
            pushed = push_products(
                db, shop_id, client, plan=plan, confirmed=confirmed, progress=progress, quick=quick
            )
        except Cancelled:
            _log_cancelled(db, report, Job.PRODUCTS, started)
            raise
        report.products = pushed
        if pushed.needs_confirmation and report.trigger == Trigger.AUTO:
            report.messages.append("Az első termékküldést a Termék szinkron gombbal kell megerősíteni.")
        _log_products(db, report, started, pushed)


def _log_cancelled(db: Database, report: ShopSyncReport, job: Job, started: datetime) -> None:
    """Stopped by the user or the program closing: what was done is committed, the rest comes next."""
    record_run(
        db,
        report.shop_id,
        job,
        report.trigger,
        started,
        status="partial",
        summary=f"{report.shop}: megszakítva; a következő szinkron folytatja.",
    )


def _log_orders(db: Database, report: ShopSyncReport, started: datetime, orders: OrderSyncReport) -> None:
    record_run(
        db,
        report.shop_id,
        Job.ORDERS,
        report.trigger,
        started,
        status=orders.status,
        summary=orders.summary(),
        created=orders.created,
        updated=orders.updated,
        errors=orders.errors + orders.held,
        events=orders.events + [Event("message", "ok", "", m) for m in orders.messages if m][:50],
    )


def _log_products(db: Database, report: ShopSyncReport, started: datetime, pushed: ProductSyncReport) -> None:
    record_run(
        db,
        report.shop_id,
        Job.PRODUCTS,
        report.trigger,
        started,
        status=pushed.status,
        summary=pushed.summary(),
        created=pushed.created,
        updated=len(pushed.touched) - pushed.created,
        errors=len(pushed.errors),
        events=pushed.events + [Event("message", "ok", "", m) for m in pushed.messages][:50],
    )


class _LeaseKeeper:
    """The caller's progress, renewing the lease now and then so a long run keeps the shop."""

    def __init__(self, db: Database, shop_id: int, holder: str, inner: Progress) -> None:
        self.db, self.shop_id, self.holder, self.inner = db, shop_id, holder, inner
        self.renewed = utcnow()

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        self._renew()
        self.inner.report(done, total, label)

    def raise_if_cancelled(self) -> None:
        self.inner.raise_if_cancelled()

    def _renew(self) -> None:
        now = utcnow()
        if now - self.renewed >= lease.RENEW_AFTER:
            lease.renew_lease(self.db, self.shop_id, self.holder)
            self.renewed = now


def retry_failed(
    db: Database, credentials: CredentialStore, shop_id: int, jobs: Iterable[Job] = BOTH
) -> ShopSyncReport:
    """Újrapróbálás: records the shop refused are sent again even though their data did not change,
    then the shop syncs (held orders are retried by key in every order pass)."""
    from sqlalchemy import delete

    from app.db.shop_api import ShopApiFailedItem

    with db.transaction() as session:
        session.execute(delete(ShopApiFailedItem).where(ShopApiFailedItem.shop_id == shop_id))
    return sync_shop(db, credentials, shop_id, jobs, trigger=Trigger.BUTTON)


def active_shop_ids(db: Database, name: str | None = None) -> list[int]:
    """The shops a door without a shop argument syncs: every active one (or the one named)."""
    with db.reading() as session:
        if name:
            return [shops.find_shop(session, name).id]
        return list(session.scalars(select(Shop.id).where(Shop.active.is_(True)).order_by(Shop.id)))
