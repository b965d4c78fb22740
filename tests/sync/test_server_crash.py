"""The PostgreSQL server (not only our program) crashes during an order import.

Order imports commit without waiting for the disk (app.sync.locking.begin_order_import), so a
server crash may lose the last of them. These tests stop a server of their own the way a crash
does (``pg_ctl -m immediate``: WAL buffers not yet written are lost, the next start recovers) and
check the promise made there: a crash mid-import loses nothing the next run does not redo, and a
crash right after the cursor moved loses nothing at all – the cursor's durable commit made every
import before it durable.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import open_database
from app.credentials import CredentialStore
from app.db.database import Database
from app.db.documents import Document, DocumentKind, DocumentLine
from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sync import killpoints, shops
from app.sync.order_sync import sync_orders
from tests import postgres_server
from tests.conftest import start_postgres
from tests.sync.many_runs import add_shop, unlimited_sandbox

pytestmark = pytest.mark.postgres
ORDERS = 40


@pytest.fixture
def crashable() -> Iterator[postgres_server.PostgresServer]:
    """A server of this test's own: the shared one must not be crashed under other tests."""
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture
def shop_server() -> Iterator[SandboxServer]:
    data = generate(products=12, orders=ORDERS, seed=21, customers=15)
    for order in data.orders:
        order["status_id"] = 1  # every order is live, so every one must arrive
    server = unlimited_sandbox(data)
    yield server
    server.stop()


def _crash_at(
    monkeypatch: pytest.MonkeyPatch, server: postgres_server.PostgresServer, point: str, hit: int
) -> list[int]:
    """Crash the server the ``hit``-th time the sync reaches ``point``; returns the hit counter."""
    hits = [0]

    def reached(name: str) -> None:
        if name == point:
            hits[0] += 1
            if hits[0] == hit:
                server.crash()

    monkeypatch.setattr(killpoints, "reached", reached)
    return hits


def _sync(db: Database, shop_id: int, creds_dir: Path) -> None:
    sync_orders(db, shop_id, shops.shop_client(db, CredentialStore(creds_dir, use_keyring=False), shop_id))


def _counts(db: Database, shop_id: int) -> tuple[int, int, int]:
    with db.reading() as s:
        orders = s.scalar(
            select(func.count()).select_from(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER)
        )
        links = s.scalar(
            select(func.count(func.distinct(ShopOrderLink.document_id))).where(
                ShopOrderLink.shop_id == shop_id, ShopOrderLink.status == "imported"
            )
        )
        # Every document kept all of its lines (a document without lines would be a torn write).
        bare = s.scalar(
            select(func.count())
            .select_from(Document)
            .where(~select(DocumentLine.id).where(DocumentLine.document_id == Document.id).exists())
        )
    return orders or 0, links or 0, bare or 0


def _crashed_run(
    server: postgres_server.PostgresServer,
    shop_server: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    point: str,
    hit: int,
) -> tuple[Database, int, int, datetime | None]:
    """One sync into a new database of ``server``, crashed at ``point``; the server started again.
    Returns the reopened database, the shop, the hits of ``point`` and the shop's cursor."""
    url = server.create_database(f"crash_{point}")
    db = open_database(url)
    shop_id = add_shop(db, tmp_path, shop_server, "Bolt")
    hits = _crash_at(monkeypatch, server, point, hit)
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver says when its server is gone
        _sync(db, shop_id, tmp_path)
    db.dispose()  # its pooled connections died with the server
    server.restart()
    db = open_database(url)
    with db.reading() as s:
        cursor = s.get(Shop, shop_id).order_cursor  # type: ignore[union-attr]
    return db, shop_id, hits[0], cursor


def test_a_server_crash_mid_import_loses_nothing_the_next_run_does_not_redo(
    crashable: postgres_server.PostgresServer,
    shop_server: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In the middle of the page: the first group of orders committed (without waiting for the
    # disk), the second being written.
    db, shop_id, hits, cursor = _crashed_run(
        crashable, shop_server, tmp_path, monkeypatch, "before_order_commit", 25
    )
    assert hits >= 25, "the crash must come in the middle of the page"
    assert cursor is None  # the pass never finished: the next run reads the same orders again
    survived, _links, bare = _counts(db, shop_id)
    assert survived <= 25 and bare == 0
    monkeypatch.setattr(killpoints, "reached", lambda name: None)
    _sync(db, shop_id, tmp_path)
    assert _counts(db, shop_id) == (ORDERS, ORDERS, 0)
    _sync(db, shop_id, tmp_path)  # and once more: nothing doubles
    assert _counts(db, shop_id) == (ORDERS, ORDERS, 0)
    db.dispose()


def test_a_server_crash_right_after_the_cursor_moved_loses_no_order(
    crashable: postgres_server.PostgresServer,
    shop_server: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, shop_id, _hits, cursor = _crashed_run(
        crashable, shop_server, tmp_path, monkeypatch, "after_cursor", 1
    )
    assert cursor is not None  # the cursor's commit was durable ...
    assert _counts(db, shop_id) == (ORDERS, ORDERS, 0)  # ... and so was every import before it
    db.dispose()
