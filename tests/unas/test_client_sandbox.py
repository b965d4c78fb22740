"""The client against the sandbox over HTTP: tokens, bans, budgets, faults, set-call reporting."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal as D

import pytest

from app.sandbox.server import SandboxServer
from app.timeutil import utcnow
from app.unas import catalog, limits, orders, stock
from app.unas.client import GENERAL_BUCKET, UnasClient
from app.unas.errors import (
    UnasApiError,
    UnasAuthError,
    UnasBannedError,
    UnasBudgetError,
    UnasNetworkError,
    UnasXmlError,
)
from app.unas.records import OrderQuery, StockWrite
from app.unas.state import MemoryStateStore
from tests.unas.conftest import API_KEY, calls


def test_one_login_serves_many_calls(client: UnasClient, sandbox: SandboxServer) -> None:
    for _ in range(5):
        catalog.get_order_statuses(client)
    stock.get_stock(client, ["DEMO-0001"])
    assert calls(sandbox, "login") == 1
    assert client.subscription == "PREMIUM"


def test_expired_token_means_one_new_login(client: UnasClient, sandbox: SandboxServer) -> None:
    stock.get_stock(client, ["DEMO-0001"])
    sandbox.expire_tokens()
    stock.get_stock(client, ["DEMO-0001"])
    assert calls(sandbox, "login") == 2


def test_token_is_renewed_shortly_before_it_expires(sandbox: SandboxServer, store: MemoryStateStore) -> None:
    now = [utcnow()]
    client = UnasClient("sandbox-api-key", store, sandbox.base_url, clock=lambda: now[0])
    stock.get_stock(client, ["DEMO-0001"])
    now[0] += timedelta(minutes=100)
    stock.get_stock(client, ["DEMO-0001"])
    assert calls(sandbox, "login") == 1
    now[0] += timedelta(minutes=17)  # 117 min: within the 5-minute safety margin of the 2 hours
    stock.get_stock(client, ["DEMO-0001"])
    assert calls(sandbox, "login") == 2


def test_a_rejected_key_is_never_retried(sandbox: SandboxServer, store: MemoryStateStore) -> None:
    client = UnasClient("wrong-key", store, sandbox.base_url)
    with pytest.raises(UnasAuthError) as err:
        orders.get_orders(client, OrderQuery())
    assert "API kulcs" in err.value.user_message
    before = calls(sandbox)
    for _ in range(10):  # a scheduler running every 5 minutes must not hammer the shop
        with pytest.raises(UnasAuthError):
            orders.get_orders(client, OrderQuery())
    assert calls(sandbox) == before == 1
    assert store.key_rejected() == "Login Error: invalid ApiKey"
    # Another process sharing the store does not try either.
    other = UnasClient("wrong-key", store, sandbox.base_url)
    with pytest.raises(UnasAuthError):
        other.login()
    assert calls(sandbox) == 1


@pytest.mark.bans_on_purpose
def test_a_ban_is_parsed_stored_and_honoured(client: UnasClient, sandbox: SandboxServer) -> None:
    stock.get_stock(client, ["DEMO-0001"])
    sandbox.ban_now(seconds=3600)
    with pytest.raises(UnasBannedError) as err:
        orders.get_orders(client, OrderQuery())
    until = err.value.until
    assert timedelta(minutes=58) < until - utcnow() <= timedelta(minutes=60)
    assert "letiltotta" in err.value.user_message
    before = calls(sandbox)
    with pytest.raises(UnasBannedError):
        stock.get_stock(client, ["DEMO-0001"])
    assert calls(sandbox) == before  # not even sent


@pytest.mark.parametrize(
    ("text", "longest"),
    [
        # A date beyond the documented ban length would lock the shop out for good: capped at two hours.
        ("Too much getOrder query, IP is banned till 12.31.9999 10:00:00", timedelta(hours=2)),
        # A date that does not exist, or none at all: counted as the documented one-hour ban.
        ("Too much getOrder query, IP is banned till 13.45.2026 99:00:00", timedelta(hours=1)),
        ("Your IP is banned!", timedelta(hours=1)),
    ],
)
def test_a_hostile_ban_text_never_crashes_nor_locks_the_shop_out(
    client: UnasClient, sandbox: SandboxServer, store: MemoryStateStore, text: str, longest: timedelta
) -> None:
    stock.get_stock(client, ["DEMO-0001"])  # logged in: the next answer is the odd one
    sandbox.inject("error_text", text=text)
    with pytest.raises(UnasBannedError) as err:
        orders.get_orders(client, OrderQuery())
    left = err.value.until - utcnow()
    assert longest - timedelta(minutes=1) < left <= longest
    stored = store.banned_until("*")
    assert stored is not None and stored == err.value.until


def test_a_redirect_is_one_call_and_a_hungarian_message_never_a_loop(
    client: UnasClient, sandbox: SandboxServer
) -> None:
    stock.get_stock(client, ["DEMO-0001"])
    before = calls(sandbox)
    sandbox.inject("redirect", count=50)  # the address redirects to itself, again and again
    with pytest.raises(UnasApiError, match="átirányít") as err:
        stock.get_stock(client, ["DEMO-0001"])
    assert "/shop/getStock" in err.value.user_message
    assert len(sandbox.faults) == 1 and sandbox.faults[0]["count"] == 49  # exactly one request went out
    assert calls(sandbox) == before


def test_a_dripping_server_is_left_at_the_calls_deadline_and_a_huge_answer_at_the_size_cap(
    sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    client = UnasClient(API_KEY, store, sandbox.base_url, timeout=(2, 5), deadline=1.0)
    stock.get_stock(client, ["DEMO-0001"])
    sandbox.inject("drip", seconds=0.2)  # each byte within the read timeout, the whole answer never
    started = time.monotonic()
    with pytest.raises(UnasNetworkError):
        stock.get_stock(client, ["DEMO-0001"])
    assert time.monotonic() - started < 4  # the deadline, not the 5 s read timeout times the bytes
    small = UnasClient(API_KEY, MemoryStateStore(), sandbox.base_url, max_answer_bytes=200)
    with pytest.raises(UnasApiError, match="túl nagy"):
        small.login()


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://api.unas.eu/shop/", "javascript:alert(1)", "http://api.unas.eu/shop/", ""],
)
def test_only_https_addresses_get_the_key(url: str) -> None:
    from app.unas.errors import UnasError

    with pytest.raises(UnasError, match="https://"):
        UnasClient("kulcs", MemoryStateStore(), url)


@pytest.mark.bans_on_purpose
def test_the_sandbox_bans_a_client_that_ignores_limits(sandbox: SandboxServer) -> None:
    """The sandbox enforces limits by itself: a client with no memory of its calls gets banned."""
    sandbox.set_limits({"getOrder:multi": 2})
    for _ in range(2):
        orders.get_orders(UnasClient("sandbox-api-key", MemoryStateStore(), sandbox.base_url), OrderQuery())
    with pytest.raises(UnasBannedError):
        orders.get_orders(UnasClient("sandbox-api-key", MemoryStateStore(), sandbox.base_url), OrderQuery())
    assert sandbox.state.bans[0]["endpoint"] == "getOrder"


def test_budget_refuses_before_sending_and_says_when(
    client: UnasClient, sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    orders.get_orders(client, OrderQuery())  # one multi-order call
    bucket = limits.bucket_for("getOrder")
    start = utcnow() - timedelta(minutes=50)
    for i in range(29):
        store.record_call(bucket.name, start + timedelta(seconds=i))
    before = calls(sandbox)
    with pytest.raises(UnasBudgetError) as err:
        orders.get_orders(client, OrderQuery())
    assert calls(sandbox) == before
    assert "30/30" in err.value.user_message
    assert abs(err.value.possible_at - (start + timedelta(hours=1))) < timedelta(seconds=1)
    # The single-order tier is a separate budget and still open.
    orders.get_orders(client, OrderQuery(key=sandbox.state.data.orders[0]["key"]))
    assert store.count_calls(GENERAL_BUCKET, utcnow() - timedelta(hours=1)) >= 2


def test_per_item_errors_and_not_reached_items(
    client: UnasClient, sandbox: SandboxServer, reading: str
) -> None:
    result, error = stock.set_stock(
        client, [StockWrite("DEMO-0001", D(5)), StockWrite("NO-SUCH", D(1)), StockWrite("DEMO-0002", D(7))]
    )
    statuses = [i.status for i in result.items]
    assert error is None
    if reading not in ("stop_at_first_error", "stop_answers_root_error"):
        # documented: processing stops at the failing entity, the rest is "not reached"
        assert statuses == ["ok", "error", "not_reached"]
        assert [i.key for i in result.not_reached] == ["DEMO-0002"]
    else:
        # every entity processed, or one root <Error> for the batch: then each item is sent
        # again on its own, so the answer is per item all the same
        assert statuses == ["ok", "error", "ok"]
    assert "NO-SUCH" in (result.items[1].error or "")
    # The failed item is held back until its data changes; the others go again.
    again, _ = stock.set_stock(client, [StockWrite("NO-SUCH", D(1)), StockWrite("DEMO-0002", D(7))])
    assert [i.status for i in again.items] == ["held_back", "ok"]
    changed, _ = stock.set_stock(client, [StockWrite("NO-SUCH", D(2))])
    assert changed.items[0].status == "error"


def test_set_batches_stay_at_100(client: UnasClient, sandbox: SandboxServer) -> None:
    writes = [StockWrite(f"DEMO-{n:04d}", D(n)) for n in range(1, 41)] * 6  # 240 items
    result, error = stock.set_stock(client, writes)
    assert error is None and len(result.processed) == 240
    assert calls(sandbox, "setStock") == 3
    assert (
        max(len(bucket) for key, bucket in sandbox.state.bucket_calls.items() if key[1] == "setStock:small")
        == 3
    )


def test_truncated_answer(client: UnasClient, sandbox: SandboxServer) -> None:
    client.login()
    sandbox.inject("truncate")
    with pytest.raises(UnasXmlError) as err:
        catalog.get_methods(client)
    assert "csonka" in err.value.user_message
    assert len(catalog.get_methods(client)) == 7


def test_server_error(client: UnasClient, sandbox: SandboxServer) -> None:
    client.login()
    sandbox.inject("http500")
    with pytest.raises(UnasApiError) as err:
        catalog.get_methods(client)
    assert "HTTP 500" in err.value.user_message


def test_dropped_connection_backs_off_and_says_so(
    client: UnasClient, sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    client.login()
    sandbox.inject("drop")
    with pytest.raises(UnasNetworkError) as err:
        catalog.get_methods(client)
    assert "5 percig" in err.value.user_message and "tiltás" in err.value.user_message
    before = calls(sandbox)
    with pytest.raises(UnasNetworkError) as again:
        catalog.get_methods(client)
    assert "várakozik" in again.value.user_message
    assert calls(sandbox) == before
    # The next silence doubles the pause.
    backoff = store.backoff()
    assert backoff is not None
    store.set_backoff(utcnow() - timedelta(seconds=1), backoff[1])
    sandbox.inject("drop")
    with pytest.raises(UnasNetworkError) as third:
        catalog.get_methods(client)
    assert "10 percig" in third.value.user_message


def test_refused_connection_is_a_network_error(store: MemoryStateStore) -> None:
    client = UnasClient("k", store, "http://127.0.0.1:9/shop/", timeout=(1, 1))
    with pytest.raises(UnasNetworkError):
        client.login()
    assert store.backoff() is not None


def test_vip_package_from_login_raises_the_budget(client: UnasClient, sandbox: SandboxServer) -> None:
    sandbox.state.data.subscription = "VIP"
    info = client.login()
    assert info.subscription == "VIP"
    assert client.budget_left(limits.bucket_for("getOrder")) == 90
    assert client.budget_left(limits.bucket_for("getOrder", single=True)) == 3000


def test_many_failures_pause_the_endpoint_before_the_shop_bans(
    client: UnasClient, sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    client.login()
    store.set_failures("getMethod", 15, utcnow())
    before = calls(sandbox)
    with pytest.raises(UnasApiError) as err:
        catalog.get_methods(client)
    assert "szünetel" in err.value.user_message and calls(sandbox) == before
    store.set_failures("getMethod", 15, utcnow() - timedelta(hours=2))
    assert catalog.get_methods(client)  # after the pause one call may go, and a success resets
    assert store.failures("getMethod")[0] == 0


def test_requests_stay_under_the_byte_cap(sandbox: SandboxServer, store: MemoryStateStore) -> None:
    client = UnasClient("sandbox-api-key", store, sandbox.base_url, max_request_bytes=4000)
    writes = [StockWrite(f"DEMO-{n:04d}", D(n)) for n in range(1, 41)]
    result, error = stock.set_stock(client, writes)
    assert error is None and len(result.processed) == 40
    assert calls(sandbox, "setStock") > 1  # split by size, not only by the 100-record rule


@pytest.mark.bans_on_purpose
def test_sandbox_bans_after_five_failed_logins_and_goes_silent_after_ten(sandbox: SandboxServer) -> None:
    """What a naive client would suffer; ours stops after the first failed login."""
    for attempt in range(6):
        naive = UnasClient("rossz", MemoryStateStore(), sandbox.base_url, timeout=(1, 1))
        if attempt < 5:
            with pytest.raises(UnasAuthError):
                naive.login()
        else:
            with pytest.raises(UnasBannedError):
                naive.login()
    sandbox.unban()  # the hour passed; the naive client carries on
    for _ in range(4):
        try:
            UnasClient("rossz", MemoryStateStore(), sandbox.base_url, timeout=(1, 1)).login()
        except (UnasAuthError, UnasBannedError, UnasNetworkError):
            pass
    # Ten unidentifiable calls in ten minutes: the shop no longer answers at all.
    with pytest.raises(UnasNetworkError):
        UnasClient("sandbox-api-key", MemoryStateStore(), sandbox.base_url, timeout=(1, 1)).login()
    assert any(b["silent"] for b in sandbox.state.bans)
