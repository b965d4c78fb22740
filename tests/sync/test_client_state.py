"""The client's state in the database: two workstations share token, budget, bans and a bad key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal as D

import pytest

from app.db.database import Database
from app.db.shops import Shop
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.sync.client_state import DbStateStore
from app.timeutil import utcnow
from app.unas import catalog, limits, orders, stock
from app.unas.client import UnasClient
from app.unas.errors import UnasAuthError, UnasBannedError
from app.unas.records import OrderQuery, StockWrite


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=10, orders=5, seed=2, customers=4))).start()
    yield server
    server.stop()


@pytest.fixture
def shop_id(db: Database, sandbox: SandboxServer) -> int:
    with db.transaction() as s:
        shop = Shop(name="Teszt", base_url=sandbox.base_url)
        s.add(shop)
        s.flush()
        return shop.id


def _workstation(
    db: Database, shop_id: int, sandbox: SandboxServer, key: str = "sandbox-api-key"
) -> UnasClient:
    # A fresh store object per "workstation": nothing shared but the database.
    return UnasClient(key, DbStateStore(db, shop_id), sandbox.base_url)


def test_token_and_budget_are_shared(db: Database, shop_id: int, sandbox: SandboxServer) -> None:
    a = _workstation(db, shop_id, sandbox)
    b = _workstation(db, shop_id, sandbox)
    orders.get_orders(a, OrderQuery())
    orders.get_orders(b, OrderQuery())
    assert sum(1 for c in sandbox.state.calls if c["endpoint"] == "login") == 1
    bucket = limits.bucket_for("getOrder")
    assert DbStateStore(db, shop_id).count_calls(bucket.name, utcnow() - timedelta(hours=1)) == 2
    assert b.budget_left(bucket) == 28


def test_a_rejected_key_stops_every_workstation(db: Database, shop_id: int, sandbox: SandboxServer) -> None:
    with pytest.raises(UnasAuthError):
        _workstation(db, shop_id, sandbox, "rossz").login()
    with pytest.raises(UnasAuthError):
        catalog.get_methods(_workstation(db, shop_id, sandbox, "rossz"))
    assert len(sandbox.state.calls) == 1


@pytest.mark.bans_on_purpose
def test_a_ban_stops_every_workstation(db: Database, shop_id: int, sandbox: SandboxServer) -> None:
    a = _workstation(db, shop_id, sandbox)
    a.login()
    sandbox.ban_now()
    with pytest.raises(UnasBannedError):
        catalog.get_methods(a)
    calls = len(sandbox.state.calls)
    with pytest.raises(UnasBannedError):
        catalog.get_methods(_workstation(db, shop_id, sandbox))
    assert len(sandbox.state.calls) == calls


def test_failed_items_and_failures_are_remembered(db: Database, shop_id: int, sandbox: SandboxServer) -> None:
    result, _ = stock.set_stock(_workstation(db, shop_id, sandbox), [StockWrite("NINCS", D(1))])
    assert result.items[0].status == "error"
    again, _ = stock.set_stock(_workstation(db, shop_id, sandbox), [StockWrite("NINCS", D(1))])
    assert again.items[0].status == "held_back"
    store = DbStateStore(db, shop_id)
    assert store.failures("setStock")[0] == 1
    stock.set_stock(_workstation(db, shop_id, sandbox), [StockWrite("DEMO-0001", D(3))])
    assert store.failures("setStock")[0] == 0
