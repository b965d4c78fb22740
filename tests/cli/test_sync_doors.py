"""Every command-line door into a shop's sync goes through the lock, the lease and the log."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import cli
from app.cli.output import EXIT_BUSY, EXIT_OK
from app.credentials import CredentialStore
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.db.sync_log import SyncEvent, SyncLease, SyncRun
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services import products as product_service
from app.sync import order_sync, shops
from app.timeutil import utcnow


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=6, orders=4, seed=21, customers=3))).start()
    server.set_limits({"getOrder:multi": 1000})
    yield server
    server.stop()


@pytest.fixture
def shop_id(db: Database, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> int:
    # The commands (and their child processes) read the key from the user-only file of BOLTHID_HOME.
    monkeypatch.setenv("BOLTHID_KEYRING", "file")
    order_sync._status_cache.clear()
    settings = shops.ShopSettings(name="Ajtó bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1))
    return shops.add_shop(db, CredentialStore(), settings, "sandbox-api-key")


def _runs(db: Database) -> list[tuple[str, str, str, int]]:
    """(kind, trigger, status, events) of every logged run."""
    with db.reading() as s:
        rows = s.execute(
            select(SyncRun.kind, SyncRun.trigger, SyncRun.status, func.count(SyncEvent.id))
            .outerjoin(SyncEvent, SyncEvent.run_id == SyncRun.id)
            .group_by(SyncRun.id, SyncRun.kind, SyncRun.trigger, SyncRun.status)
            .order_by(SyncRun.id)
        )
        return [(k, t, st, n) for k, t, st, n in rows]


def _orders(db: Database) -> int:
    with db.reading() as s:
        stmt = select(func.count()).select_from(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER)
        return s.scalar(stmt) or 0


def test_sync_orders_while_another_workstation_holds_the_shop_is_skipped_with_a_busy_code(
    db: Database, sandbox: SandboxServer, shop_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.transaction() as s:
        s.add(
            SyncLease(
                shop_id=shop_id,
                holder="IRODA-2:4711:1",
                workstation="IRODA-2",
                expires_at=utcnow() + timedelta(minutes=10),
                acquired_at=utcnow() - timedelta(minutes=2),
            )
        )
    calls = len(sandbox.state.calls)
    assert cli.run(["--db", db.url, "sync", "orders"]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert "„IRODA-2” munkaállomás szinkronizálja" in err and "óta" in err
    assert len(sandbox.state.calls) == calls, "the shop was not called"
    assert _runs(db) == [("orders", "cli", "busy", 1)]
    assert _orders(db) == 0


def test_every_command_line_door_leaves_its_runs_and_events_in_the_log(
    db: Database, sandbox: SandboxServer, shop_id: int
) -> None:
    assert cli.run(["--db", db.url, "sync", "orders"]) == EXIT_OK
    assert _runs(db)[-1][:3] == ("orders", "cli", "ok") and _runs(db)[-1][3] >= 2  # one event per new order
    with db.transaction() as s:
        product_service.create_product(
            s,
            product_service.ProductInput(code="AJTO-1", name="Ajtó", categories=["Otthon"], webshop=True),
        )
    sandbox.place_order(status_id=1)
    assert cli.run(["--db", db.url, "sync", "products", "--yes"]) == EXIT_OK
    orders_run, products_run = _runs(db)[-2:]
    assert orders_run[:3] == ("orders", "cli", "ok") and orders_run[3] >= 1, "orders are pulled first"
    assert products_run[:3] == ("products", "cli", "ok") and products_run[3] >= 1


def _workstation(url: str, barrier: Any, out: Any) -> None:
    """A second process, as another workstation's command line would be."""
    barrier.wait(timeout=60)
    out.put(cli.run(["--db", url, "sync", "orders"]))


def test_two_command_line_runs_started_together_do_the_work_once(
    db: Database, sandbox: SandboxServer, shop_id: int, tmp_path: Path
) -> None:
    for _ in range(30):
        sandbox.place_order(status_id=1)
    # The first call of whichever run gets the shop is slow, so the two surely overlap.
    sandbox.inject("delay", count=1, seconds=1.0)
    ctx = multiprocessing.get_context("spawn")  # as on Windows: nothing inherited but the environment
    barrier, out = ctx.Barrier(2), ctx.Queue()
    db.engine.dispose()
    procs = [ctx.Process(target=_workstation, args=(db.url, barrier, out)) for _ in range(2)]
    for p in procs:
        p.start()
    codes = sorted(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(60)
    assert codes == [EXIT_OK, EXIT_BUSY]
    expected = sum(1 for o in sandbox.state.data.orders if o["status_id"] != 4)
    assert _orders(db) == expected
    statuses = sorted(status for _k, _t, status, _n in _runs(db))
    assert statuses == ["busy", "ok"]
    with db.reading() as s:
        assert s.get(SyncLease, shop_id) is None, "the lease is given back"
    assert os.environ["BOLTHID_KEYRING"] == "file"
