"""The order cursor follows the shop's own clock: a PC clock running hours fast skips nothing, a
tick with nothing new is one getOrder call however many orders changed in the last hours, the
repeated autumn hour is read again, and the shop's status list is kept in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.sandbox.server import SandboxServer
from app.sync import order_sync, shops
from app.timeutil import utcnow
from tests.sync.test_order_sync import _add_shop, _line, _orders, _place, _sync


def _get_order_calls(sandbox: SandboxServer) -> int:
    return len([c for c in sandbox.state.calls if c["endpoint"] == "getOrder"])


def test_a_pc_clock_running_fast_skips_no_order(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    _place(sandbox, [_line("DEMO-0001", "Bögre", "1", "1270")])
    fast = utcnow() + timedelta(hours=3)
    monkeypatch.setattr(order_sync, "utcnow", lambda: fast)
    assert _sync(db, creds, shop_id).created == 1
    with db.reading() as s:
        cursor = s.scalar(select(Shop.order_cursor).where(Shop.id == shop_id))
    assert cursor is not None and cursor < utcnow() + timedelta(minutes=2)  # the shop's time, not ours
    later = _place(sandbox, [_line("DEMO-0002", "Tál", "1", "1270")])
    assert _sync(db, creds, shop_id).created == 1
    assert any(later["key"] in o.header_note for o in _orders(db))


def test_a_tick_with_nothing_new_is_one_call(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    count = order_sync.orders.PAGE_SIZE + 20
    now = sandbox.state.clock.now()
    for n in range(count):  # two pages of orders, placed over the last 90 minutes
        placed = now - 90 * 60 + n * (80 * 60 / count)
        _place(sandbox, [_line("DEMO-0001", "Bögre", "1", str(1000 + n))], placed=placed)
    before = _get_order_calls(sandbox)
    assert _sync(db, creds, shop_id).created == count
    assert _get_order_calls(sandbox) - before == 2
    before = _get_order_calls(sandbox)
    report = _sync(db, creds, shop_id)
    assert (report.created, report.updated) == (0, 0)
    assert _get_order_calls(sandbox) - before == 1
    # The cursor holds still when nothing new came: the next tick reads the same few minutes.
    with db.reading() as s:
        first = s.scalar(select(Shop.order_cursor).where(Shop.id == shop_id))
    _sync(db, creds, shop_id)
    with db.reading() as s:
        assert s.scalar(select(Shop.order_cursor).where(Shop.id == shop_id)) == first


def test_the_autumn_hour_is_read_again() -> None:
    ordinary = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert order_sync.read_from(ordinary) == ordinary - order_sync.CURSOR_OVERLAP
    # 2026-10-25 02:30 Budapest time happened twice (00:30 and 01:30 UTC).
    first_0230 = datetime(2026, 10, 25, 0, 35, tzinfo=UTC)
    second_0230 = datetime(2026, 10, 25, 1, 35, tzinfo=UTC)
    for cursor in (first_0230, second_0230):
        assert order_sync.read_from(cursor) == cursor - order_sync.CURSOR_OVERLAP - timedelta(hours=1)


def test_the_status_list_is_kept_in_the_database(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    client = shops.shop_client(db, creds, shop_id)
    first = order_sync._status_types(db, client, shop_id)
    order_sync._status_cache.clear()  # a new process: a one-shot command-line run
    again = order_sync._status_types(db, shops.shop_client(db, creds, shop_id), shop_id)
    assert first == again and first
    assert len([c for c in sandbox.state.calls if c["endpoint"] == "getOrderStatus"]) == 1
