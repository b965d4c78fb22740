"""Webáruház szinkron: pull the orders changed since the shop's cursor and import each one.

Each order is imported in its own transaction; a failure is recorded on the order's link with a
Hungarian reason and retried later one by one by its key, so one bad order never blocks the rest
and never makes every run re-read a growing window.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.shops import Shop
from app.errors import AppError, Cancelled
from app.formatting import format_date
from app.progress import Progress, SilentProgress
from app.services import numbering
from app.sync import killpoints, order_links
from app.sync.locking import begin_order_import, lock_shop_for_import
from app.sync.matching import cache
from app.sync.matching.held import OrderHeld
from app.sync.matching.methods import adopt_shop_methods
from app.sync.matching.preload import preload_page
from app.sync.matching.products import missing_skus
from app.sync.open_orders import check_open_orders
from app.sync.order_import import ImportOutcome, import_order
from app.sync.order_writes import PendingWrites
from app.sync.sync_log import Event
from app.timeutil import BUDAPEST, utcnow
from app.unas import catalog, limits, orders, products
from app.unas.client import UnasClient
from app.unas.errors import UnasBudgetError, UnasError
from app.unas.records import OrderQuery, ShopOrder, ShopProduct

log = logging.getLogger(__name__)

# Orders imported in one transaction (see _import_group).
IMPORT_GROUP = 20

# The cursor is the latest DateMod the shop itself reported (its own clock, never the PC's: a PC
# clock running fast must not skip orders). Orders are re-read from a few minutes before it, for an
# order the shop was still saving when we read; an hour more when the cursor's Budapest time lies in
# the repeated autumn hour (its DateMod was read as the first of the two, see shop_datetime).
CURSOR_OVERLAP = timedelta(minutes=5)
AUTUMN_HOUR = timedelta(hours=1)
# Multi-order getOrder calls left unspent by a run, for the user's own clicks (PREMIUM has 30/hour).
BUDGET_RESERVE = 3
# SKUs per getProduct call when downloading products new to us (the list goes in the request body).
PRODUCT_FETCH_BATCH = 200
SETTINGS_REFRESH = timedelta(days=1)
# Order statuses are re-read at most this often (getOrderStatus is limited to 30 calls an hour).
STATUS_CACHE_SECONDS = 6 * 3600
# Payment and shipping methods are downloaded at most this often (getMethod: 30 calls an hour); a
# method added in the shop meanwhile is still matched by name from the order itself.
METHODS_REFRESH = timedelta(hours=24)

_status_cache: dict[int, tuple[float, dict[str, str]]] = {}
_status_lock = threading.Lock()


@dataclass
class OrderSyncReport:
    shop: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    held: int = 0
    errors: int = 0
    complete: bool = True
    messages: list[str] = field(default_factory=list)
    next_possible: datetime | None = None
    # Time spent in our own database work (not waiting for the shop), for the sync log and benchmarks.
    processing_seconds: float = 0.0
    # CPU of this thread alone (an in-process sandbox's server threads are not counted)
    processing_cpu_seconds: float = 0.0
    events: list[Event] = field(default_factory=list)
    cancelled: bool = False  # stopped by the user or by the program closing

    @property
    def status(self) -> str:
        if not self.complete:
            return "partial"
        return "error" if self.errors or self.held else "ok"

    def summary(self) -> str:
        parts = [f"{self.created} új rendelés"]
        if self.updated:
            parts.append(f"{self.updated} módosult")
        if self.skipped:
            parts.append(f"{self.skipped} kihagyva")
        if self.held:
            parts.append(f"{self.held} várakozik")
        if self.errors:
            parts.append(f"{self.errors} hiba")
        text = f"{self.shop}: " + ", ".join(parts)
        if not self.complete:
            text += " (a futás nem ért végig, a következő folytatja)"
        return text


class _StopPaging(Exception):
    pass


class StatusTypes(Mapping[str, str]):
    """The shop's status list, fetched only when an order comes without its own StatusType."""

    def __init__(self, db: Database, client: UnasClient, shop_id: int) -> None:
        self._db, self._client, self._shop_id = db, client, shop_id
        self._types: dict[str, str] | None = None

    def _loaded(self) -> dict[str, str]:
        if self._types is None:
            self._types = _status_types(self._db, self._client, self._shop_id)
        return self._types

    def __getitem__(self, key: str) -> str:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def _status_types(db: Database, client: UnasClient, shop_id: int) -> dict[str, str]:
    with _status_lock:
        cached = _status_cache.get(shop_id)
        if cached and time.monotonic() - cached[0] < STATUS_CACHE_SECONDS:
            return cached[1]
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        stored, stored_at = shop.order_status_types, shop.order_statuses_at
    if (
        stored
        and stored_at is not None
        and timedelta(0) <= utcnow() - stored_at < timedelta(seconds=STATUS_CACHE_SECONDS)
    ):
        types: dict[str, str] = json.loads(stored)
    else:
        types = {s.id: s.type or "" for s in catalog.get_order_statuses(client)}
        with db.transaction() as session:
            shop = session.get(Shop, shop_id)
            assert shop is not None
            shop.order_status_types, shop.order_statuses_at = json.dumps(types), utcnow()
    with _status_lock:
        _status_cache[shop_id] = (time.monotonic(), types)
    return types


def sync_orders(
    db: Database, shop_id: int, client: UnasClient, progress: Progress | None = None
) -> OrderSyncReport:
    progress = progress or SilentProgress()
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None, shop_id
        name = shop.name
    report = OrderSyncReport(name)
    statuses = StatusTypes(db, client, shop_id)
    _refresh_methods(db, shop_id, client, report)
    _refresh_settings(db, shop_id, client)

    def handle_page(page: list[ShopOrder]) -> None:
        # One session for the page, one transaction per small group of orders: what the first
        # orders looked up (products, VAT, mappings, methods, buyers) stays loaded for the rest.
        with db.sessions() as session:
            cache.enable(session)
            # Shop data of products new to us is fetched for the whole page at once, before any
            # order transaction opens (a call inside one would wait on our own database lock).
            downloaded = _download_new_products(session, client, page, report)
            with session.begin():
                preload_page(session, shop_id, page)
            started_page, cpu_page = time.perf_counter(), time.thread_time()
            try:
                for start in range(0, len(page), IMPORT_GROUP):
                    # Between groups, outside any transaction: the progress may renew the lease.
                    progress.raise_if_cancelled()
                    group = page[start : start + IMPORT_GROUP]
                    _import_group(db, session, shop_id, group, downloaded, statuses, report)
            finally:
                report.processing_seconds += time.perf_counter() - started_page
                report.processing_cpu_seconds += time.thread_time() - cpu_page

    try:
        _retry_held(db, shop_id, client, handle_page, report)
    except Cancelled:
        return _stopped(report)
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        since = shop.order_cursor
        if since is None:
            first_day = shop.import_since or shop.created_at.date()
            since = datetime.combine(first_day, datetime.min.time(), tzinfo=BUDAPEST).astimezone(UTC)
    bucket = limits.bucket_for("getOrder")

    def before_page() -> None:
        progress.raise_if_cancelled()
        if client.budget_left(bucket) <= BUDGET_RESERVE:
            raise _StopPaging

    seen = 0
    latest = since  # the cursor never moves back
    query = OrderQuery(time_mod_start=read_from(since))
    try:
        for page in orders.iter_order_pages(client, query, before_page=before_page):
            seen += len(page)
            # An order without DateMod counts by its Date: never later than its last change.
            latest = max([latest, *(o.date_mod or o.date for o in page)])
            killpoints.reached("after_page")
            progress.report(seen, None, "Rendelések feldolgozása")
            handle_page(page)
    except Cancelled:
        return _stopped(report)
    except _StopPaging:
        report.complete = False
        report.next_possible = _next_call_time(client, bucket)
        report.messages.append(
            "Az óránkénti rendeléslekérési keret majdnem elfogyott; a szinkron a maradékot "
            f"{format_date(report.next_possible)} után folytatja."
            if report.next_possible
            else "Az óránkénti rendeléslekérési keret majdnem elfogyott."
        )
    except UnasBudgetError as exc:
        report.complete = False
        report.next_possible = exc.possible_at
        report.messages.append(exc.user_message)
    except UnasError as exc:
        report.complete = False
        report.messages.append(exc.user_message)
    if report.complete:
        killpoints.reached("before_cursor")
        # Only a complete pass moves the cursor: an interrupted one is re-read next time. Orders
        # that failed are on their links and are retried by key, not by keeping the window open.
        with db.transaction() as session:
            shop = session.get(Shop, shop_id)
            assert shop is not None
            shop.order_cursor = latest
        killpoints.reached("after_cursor")
        report.messages.extend(check_open_orders(db, shop_id, client))
    # Invoice numbers queued for the shop (invoicing never waits for the shop; this retries them).
    from app.sync.invoice_writeback import write_back_invoices

    report.messages.extend(write_back_invoices(db, shop_id, client))
    return report


def read_from(cursor: datetime) -> datetime:
    """Where a pass starts reading: a few minutes before the cursor, and an hour more when the
    cursor's Budapest time is ambiguous (the repeated autumn hour)."""
    start = cursor - CURSOR_OVERLAP
    local = start.astimezone(BUDAPEST).replace(tzinfo=None)
    first, second = (local.replace(tzinfo=BUDAPEST, fold=f).astimezone(UTC) for f in (0, 1))
    if first != second:
        start -= AUTUMN_HOUR
    return start


def _stopped(report: OrderSyncReport) -> OrderSyncReport:
    """Cancelled between two orders: what was imported is committed and logged; the next run goes on."""
    report.complete = False
    report.cancelled = True
    report.messages.append("A szinkron megszakadt; a következő futás folytatja.")
    return report


def _refresh_methods(db: Database, shop_id: int, client: UnasClient, report: OrderSyncReport) -> None:
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        last = shop.methods_synced_at
    if last is not None and utcnow() - last < METHODS_REFRESH:
        return
    try:
        methods = catalog.get_methods(client)
    except UnasError as exc:  # the orders' own method names still match or create methods
        report.messages.append(f"A fizetési és szállítási módok letöltése nem sikerült: {exc.user_message}")
        return
    with db.transaction() as session:
        lock_shop_for_import(session, shop_id)
        new = adopt_shop_methods(session, shop_id, methods)
        session.get(Shop, shop_id).methods_synced_at = utcnow()  # type: ignore[union-attr]
    if new:
        report.messages.append(f"{new} új fizetési/szállítási mód a webáruházból.")


def _refresh_settings(db: Database, shop_id: int, client: UnasClient) -> None:
    """Once a day: how the shop calculates net ↔ gross (getSetting, optional: a failure is only
    logged and tried again the next day)."""
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        last = shop.settings_checked_at
    if last is not None and utcnow() - last < SETTINGS_REFRESH:
        return
    try:
        mode, _rates = catalog.get_vat_setting(client)
    except UnasError as exc:
        log.info("getSetting failed for shop %s: %s", shop_id, exc.detail or exc.user_message)
        mode = None
    with db.transaction() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        if mode is not None:
            shop.calculate_mode = mode[:20]
        shop.settings_checked_at = utcnow()


def _download_new_products(
    session: Session, client: UnasClient, page: list[ShopOrder], report: OrderSyncReport
) -> dict[str, ShopProduct]:
    # Lines that only look synthetic are asked for too: the shop's answer decides (B41).
    skus = {ln.sku for o in page for ln in o.lines if ln.sku and not ln.is_synthetic}
    with session.begin():
        missing = missing_skus(session, skus)
    found: dict[str, ShopProduct] = {}
    for start in range(0, len(missing), PRODUCT_FETCH_BATCH):
        batch = missing[start : start + PRODUCT_FETCH_BATCH]
        try:
            shop_products = products.get_products(
                client, products.ProductQuery(skus=batch, content_type="normal")
            )
        except UnasError as exc:  # the order lines' own data is the fallback
            report.messages.append(
                f"A termékadatok letöltése nem sikerült ({exc.user_message}); a rendelés adatai alapján."
            )
            break
        found.update({p.sku: p for p in shop_products})
    return found


def _next_call_time(client: UnasClient, bucket: limits.Bucket) -> datetime | None:
    oldest = client.store.oldest_call(bucket.name, utcnow() - timedelta(hours=1))
    return oldest + timedelta(hours=1) if oldest else None


def _import_group(
    db: Database,
    session: Session,
    shop_id: int,
    group: list[ShopOrder],
    shop_products: dict[str, ShopProduct],
    statuses: Mapping[str, str],
    report: OrderSyncReport,
) -> None:
    """A few orders in one transaction: a commit costs more than importing an order, and on
    PostgreSQL it is also a round trip. A crash loses at most this group – never committed, so
    the cursor has not passed it and the next run imports it again. Any order that raises (held,
    a clash with another workstation, a failure: rare) rolls the group back, and its orders are
    then imported one transaction each (_import_one), where each error is handled and recorded."""
    if len(group) == 1:  # the single-order way at once: a failure would only be tried twice
        _import_one(db, session, shop_id, group[0], shop_products, statuses, report)
        return
    try:
        outcomes = _import_in_one_transaction(session, shop_id, group, shop_products, statuses)
    except Exception:
        for order in group:
            _import_one(db, session, shop_id, order, shop_products, statuses, report)
        return
    for order, outcome in zip(group, outcomes, strict=True):
        killpoints.reached("after_order_commit")
        _count(report, order, outcome)


def _import_in_one_transaction(
    session: Session,
    shop_id: int,
    orders: list[ShopOrder],
    shop_products: dict[str, ShopProduct],
    statuses: Mapping[str, str],
) -> list[ImportOutcome]:
    with session.begin():
        begin_order_import(session, shop_id)
        shop = session.get(Shop, shop_id)
        assert shop is not None
        outcomes = []
        # A group's new orders are written together before the commit (app.sync.order_writes).
        pending = PendingWrites() if len(orders) > 1 else None
        with numbering.in_blocks(session, len(orders)):  # one counter UPDATE for the group
            for order in orders:
                outcomes.append(
                    import_order(
                        session,
                        shop,
                        order,
                        shop_products=shop_products,
                        status_types=statuses,
                        pending=pending,
                    )
                )
                killpoints.reached("before_order_commit")
        if pending is not None:
            pending.write(session)
            outcomes = _with_ids(outcomes, pending.written)
    return outcomes


def _with_ids(outcomes: list[ImportOutcome], written: list[int]) -> list[ImportOutcome]:
    """The outcomes of orders written later learn their document ids (they were made in order)."""
    ids = iter(written)
    return [
        replace(o, document_id=next(ids)) if o.status == "created" and o.document_id is None else o
        for o in outcomes
    ]


def _import_one(
    db: Database,
    session: Session,
    shop_id: int,
    order: ShopOrder,
    shop_products: dict[str, ShopProduct],
    statuses: Mapping[str, str],
    report: OrderSyncReport,
) -> None:
    try:
        (outcome,) = _import_in_one_transaction(session, shop_id, [order], shop_products, statuses)
        killpoints.reached("after_order_commit")
    except IntegrityError as exc:
        with db.reading() as session:
            link = order_links.find_link(session, shop_id, order)
            imported = link is not None and link.document_id is not None
        if imported:
            # Another workstation imported the same order at the same moment: it exists once.
            report.unchanged += 1
            return
        # Another clash (e.g. two shops creating the same new method at once): retried by key.
        order_links.record_problem(db, shop_id, order, "error", exc)
        report.errors += 1
        report.messages.append(f"{order.key}: ütközés egy másik munkaállomással, később újrapróbáljuk")
        return
    except OrderHeld as exc:
        new = order_links.record_problem(db, shop_id, order, exc.link_status, exc)
        if exc.link_status == "held":
            report.held += 1
        else:
            report.skipped += 1
        if exc.link_status == "held" or new:  # a return is told once
            report.messages.append(exc.user_message)
            report.events.append(Event("order", exc.link_status, order.key, exc.user_message, exc.detail))
        return
    except Exception as exc:  # one bad order never blocks the rest
        log.exception("order %s failed", order.key)
        order_links.record_problem(db, shop_id, order, "error", exc)
        report.errors += 1
        reason = exc.user_message if isinstance(exc, AppError) else "Váratlan hiba a rendelés importálásakor."
        report.messages.append(f"{order.key}: {reason}")
        report.events.append(
            Event("order", "error", order.key, reason, getattr(exc, "detail", "") or repr(exc))
        )
        return
    _count(report, order, outcome)


def _count(report: OrderSyncReport, order: ShopOrder, outcome: ImportOutcome) -> None:
    if outcome.status == "created":
        report.created += 1
        report.events.append(Event("order", "ok", order.key, "Új vevői rendelés", outcome.message))
    elif outcome.status == "updated":
        report.updated += 1
        report.events.append(Event("order", "ok", order.key, outcome.message or "Módosult a webáruházban"))
    elif outcome.status == "skipped":
        # Named with its reason in the log and in the summary's details (ShopSyncReport.details):
        # "5 kihagyva" alone leaves the owner guessing which orders and why.
        report.skipped += 1
        report.events.append(Event("order", "skipped", order.key, f"Kihagyva: {outcome.message}"))
    else:
        report.unchanged += 1
    if outcome.message and outcome.status in ("created", "updated"):
        report.messages.append(f"{order.key}: {outcome.message}")


def _retry_held(
    db: Database,
    shop_id: int,
    client: UnasClient,
    handle_page: Callable[[list[ShopOrder]], None],
    report: OrderSyncReport,
) -> None:
    """Held and failed orders are fetched again one by one by key (the single-order tier)."""
    with db.reading() as session:
        pending = order_links.pending_keys(session, shop_id)
    for key, date in pending:
        try:
            found = orders.get_orders(client, OrderQuery(key=key))
        except UnasError as exc:
            report.messages.append(exc.user_message)
            return
        same = [o for o in found if o.unas_key == key and o.date == date]
        if same:
            handle_page(same[:1])
