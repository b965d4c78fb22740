"""The client's state in the database: two workstations share budget, bans and a bad key; the
session token is a secret, kept in each workstation's keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.credentials import CredentialStore, DatabaseSecrets, shop_token_name
from app.db.database import Database
from app.db.shop_api import ShopApiState
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
    db: Database,
    shop_id: int,
    sandbox: SandboxServer,
    key: str = "sandbox-api-key",
    secrets: DatabaseSecrets | None = None,
) -> UnasClient:
    # A fresh store object per "workstation": nothing shared but the database (and, given
    # ``secrets``, that workstation's own keyring).
    return UnasClient(key, DbStateStore(db, shop_id, secrets), sandbox.base_url)


def test_budget_is_shared_and_the_token_stays_in_each_workstations_keyring(
    db: Database, shop_id: int, sandbox: SandboxServer, tmp_path: Path
) -> None:
    first = CredentialStore(tmp_path / "gep1", use_keyring=False).for_database(db.identity())
    second = CredentialStore(tmp_path / "gep2", use_keyring=False).for_database(db.identity())
    a = _workstation(db, shop_id, sandbox, secrets=first)
    a_again = _workstation(db, shop_id, sandbox, secrets=first)  # another process on the same machine
    b = _workstation(db, shop_id, sandbox, secrets=second)
    orders.get_orders(a, OrderQuery())
    orders.get_orders(a_again, OrderQuery())
    orders.get_orders(b, OrderQuery())
    assert sum(1 for c in sandbox.state.calls if c["endpoint"] == "login") == 2
    bucket = limits.bucket_for("getOrder")
    assert DbStateStore(db, shop_id).count_calls(bucket.name, utcnow() - timedelta(hours=1)) == 3
    assert b.budget_left(bucket) == 27
    token = next(iter(sandbox.state.tokens))
    assert token in str(first.get(shop_token_name(shop_id)))
    with db.reading() as session:
        assert session.get(ShopApiState, shop_id).subscription  # type: ignore[union-attr]
        columns = {c["name"] for c in inspect(session.get_bind()).get_columns("shop_api_state")}
    assert "token" not in columns


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
