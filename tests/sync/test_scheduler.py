"""The automatic sync against the sandbox with its realistic hourly limits: both directions converge,
no ban is ever given, a banned shop is skipped until its ban ends; `bolthid sync --loop` stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.catalog import Product
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.db.shop_links import ShopOrderLink
from app.db.sync_log import SyncEvent, SyncRun
from app.progress import SilentProgress
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services import documents as docs
from app.services import products as product_service
from app.sync import lease, order_sync, scheduler, shops
from app.sync.product_data import free_stock_for_shop
from app.sync.shop_sync import Job, ShopSyncReport, Trigger, sync_shop
from app.timeutil import utcnow


def _shop(db: Database, creds: CredentialStore, sandbox: SandboxServer, since: date) -> int:
    order_sync._status_cache.clear()
    return shops.add_shop(
        db,
        creds,
        shops.ShopSettings(name="Auto bolt", base_url=sandbox.base_url, import_since=since),
        "sandbox-api-key",
    )


def test_schedule_converges_both_ways_without_bans(db: Database, tmp_path: Path) -> None:
    sandbox = SandboxServer(ShopState(generate(products=8, orders=0, seed=3, customers=3))).start()
    try:
        creds = CredentialStore(tmp_path, use_keyring=False)
        shop_id = _shop(db, creds, sandbox, date(2020, 1, 1))
        with db.transaction() as s:
            for n in range(3):
                p = product_service.create_product(
                    s,
                    product_service.ProductInput(
                        code=f"AUTO-{n}",
                        name=f"Automata {n}",
                        gross_price=D(1270),
                        categories=["Auto"],
                        webshop=True,
                    ),
                )
                docs.create_purchase_receipt(
                    s, docs.DocumentInput(lines=[docs.LineInput(D(20), p.id, unit_price=D(100))])
                )
        # The first push is confirmed by the user once (button or --yes); the schedule does the rest.
        from app.sync.product_sync import push_products

        push_products(db, shop_id, shops.shop_client(db, creds, shop_id), confirmed=True)
        last_runs: dict[int, object] = {}
        for tick in range(8):
            sandbox.place_order(
                items=[
                    {
                        "id": "AUTO-1",
                        "sku": "AUTO-1",
                        "name": "Automata 1",
                        "unit": "db",
                        "quantity": "1",
                        "price_net": "1000",
                        "price_gross": "1270",
                        "vat": "27%",
                    }
                ],
                invoice_status=1,
                status_id=1,
            )
            if tick % 3 == 0:
                with db.transaction() as s:
                    product = product_service.get_product(s, 1)
                    docs.create_purchase_receipt(
                        s, docs.DocumentInput(lines=[docs.LineInput(D(2), product.id, unit_price=D(100))])
                    )
            results = scheduler.run_due(db, creds, last_runs, interval=timedelta(0))  # type: ignore[arg-type]
            assert [r.skipped for r in results] == [""], results
        assert sandbox.state.bans == [], "the schedule never earns a ban"
        with db.reading() as s:
            imported = s.scalar(
                select(func.count()).select_from(ShopOrderLink).where(ShopOrderLink.document_id.is_not(None))
            )
            stock = free_stock_for_shop(s, shop_id)
            codes = {p.id: p.code for p in s.scalars(select(Product))}
            runs = s.scalar(select(func.count()).select_from(SyncRun).where(SyncRun.shop_id == shop_id))
            events = s.scalar(select(func.count()).select_from(SyncEvent).where(SyncEvent.kind == "order"))
        assert imported == 8 and events == 8 and runs == 16
        for pid, code in codes.items():
            shop_product = sandbox.state.product_by_sku(code)
            if shop_product is not None and code.startswith("AUTO"):
                assert D(shop_product["qty"]) == stock.get(pid, D(0)), code

        # A banned shop is skipped, without any call, until the ban ends.
        sandbox.ban_now(seconds=3600)
        from app.unas import catalog
        from app.unas.errors import UnasError

        try:  # the client learns of the ban from the shop's answer, as in real life
            catalog.get_order_statuses(shops.shop_client(db, creds, shop_id))
        except UnasError:
            pass
        calls = len(sandbox.state.calls)
        [skipped] = scheduler.run_due(db, creds, {}, interval=timedelta(0))
        assert "kitiltotta" in skipped.skipped and len(sandbox.state.calls) == calls
        # An hour later on both clocks (the shop's and ours), the shop is called again.
        sandbox.advance(3601)
        later = lambda: utcnow() + timedelta(seconds=3601)  # noqa: E731
        [still] = scheduler.run_due(db, creds, {}, interval=timedelta(0))
        assert "kitiltotta" in still.skipped, "our own clock has not passed the ban yet"
        [again] = scheduler.run_due(db, creds, {}, interval=timedelta(0), clock=later)
        assert again.skipped == "" and again.orders is not None and again.orders.complete
    finally:
        sandbox.stop()


def test_sync_loop_stops_on_sigterm_without_losing_or_doubling(db: Database, tmp_path: Path) -> None:
    data = generate(products=10, orders=0, seed=8, customers=4)
    state = ShopState(data)
    from app.sandbox.demo_data import new_order

    for n in range(400):
        data.orders.append(new_order(state, placed=time.time() - 3600 + n, status_id=1))
    sandbox = SandboxServer(state).start()
    sandbox.set_limits({"getOrder:multi": 1000, "getOrder:single": 5000, "getProduct:multi": 1000})
    try:
        creds_dir = tmp_path / "home"
        creds = CredentialStore(creds_dir / "config", use_keyring=False)  # where the child looks
        shop_id = _shop(db, creds, sandbox, date(2020, 1, 1))
        env = {
            **os.environ,
            "BOLTHID_HOME": str(creds_dir),
            "BOLTHID_SYNC_INTERVAL_SECONDS": "1",
            "BOLTHID_SYNC_TICK_SECONDS": "0.5",
            "BOLTHID_KEYRING": "file",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "--db", db.url, "sync", "--loop"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            with db.reading() as s:
                done = s.scalar(select(func.count()).select_from(ShopOrderLink))
            if done and done > 20:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "A szinkron leállt." in out
        final = order_sync.sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))
        assert final.errors == 0
        with db.reading() as s:
            docs_count = s.scalar(
                select(func.count()).select_from(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER)
            )
            links = s.scalar(
                select(func.count()).select_from(ShopOrderLink).where(ShopOrderLink.document_id.is_not(None))
            )
        assert docs_count == links == 400
        with db.reading() as s:  # the loop's runs are in the log with their events
            loop_runs = list(s.scalars(select(SyncRun.id).where(SyncRun.trigger == "auto")))
            loop_events = s.scalar(
                select(func.count()).select_from(SyncEvent).where(SyncEvent.run_id.in_(loop_runs))
            )
        assert loop_runs and loop_events and loop_events >= 20
    finally:
        sandbox.stop()


class _WatchedLock:
    """The shop's process lock, telling the test when a second caller starts waiting on it."""

    def __init__(self) -> None:
        self.inner = threading.Lock()
        self.waiting = threading.Event()

    def acquire(self, blocking: bool = True) -> bool:
        if blocking:
            self.waiting.set()
        return self.inner.acquire(blocking)

    def release(self) -> None:
        self.inner.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class _HeldProgress(SilentProgress):
    """Stops the scheduled run at its first progress report until the test lets it go on."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.go_on = threading.Event()

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        self.entered.set()
        assert self.go_on.wait(30)


def test_a_click_during_a_run_joins_it(db: Database, tmp_path: Path) -> None:
    sandbox = SandboxServer(ShopState(generate(products=4, orders=3, seed=5, customers=2))).start()
    try:
        creds = CredentialStore(tmp_path, use_keyring=False)
        shop_id = _shop(db, creds, sandbox, date(2020, 1, 1))
        watched = _WatchedLock()
        lease._process_locks[shop_id] = watched  # type: ignore[assignment]
        held = _HeldProgress()
        runs: list[ShopSyncReport] = []
        auto = threading.Thread(
            target=lambda: runs.append(sync_shop(db, creds, shop_id, (Job.ORDERS,), progress=held))
        )
        auto.start()
        assert held.entered.wait(30), "the scheduled run is under way"
        clicks: list[ShopSyncReport] = []
        click = threading.Thread(
            target=lambda: clicks.append(sync_shop(db, creds, shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON))
        )
        click.start()
        assert watched.waiting.wait(30), "the click waits for the run"
        held.go_on.set()
        auto.join(30)
        click.join(30)
        [clicked] = clicks
        assert clicked is runs[0] and clicked.joined, "the click got the result of the run it joined"
        assert clicked.orders is not None and clicked.orders.created >= 1
        assert sum(1 for c in sandbox.state.calls if c["endpoint"] == "getOrder") == 1
    finally:
        lease._process_locks.pop(shop_id, None)
        sandbox.stop()
