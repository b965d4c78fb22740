"""The sandbox as a program and a demo: serve command, admin endpoints, new orders, reused keys."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.unas import orders
from app.unas.client import UnasClient
from app.unas.errors import UnasNetworkError
from app.unas.records import OrderQuery, OrderUpdate
from app.unas.state import MemoryStateStore


def _admin(base: str, action: str, payload: dict | None = None) -> object:
    url = base.replace("/shop/", f"/_admin/{action}")
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=5) as resp:
        return json.loads(resp.read())


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    srv = SandboxServer(ShopState(generate(products=20, orders=5, seed=3, customers=5))).start()
    yield srv
    srv.stop()


def test_demo_data_has_what_the_sync_must_handle() -> None:
    data = generate()
    assert len(data.products) == 200 and len({p["categories"][0] for p in data.products}) == 15
    assert len(data.customers) == 40 and len(data.orders) == 60
    lines = [i for o in data.orders for i in o["items"]]
    assert {"shipping-cost", "discount-percent", "discount-amount", "handel-cost"} <= {i["id"] for i in lines}
    assert {"27%", "18%", "5%", "TAM"} <= {i["vat"] for i in lines}
    assert any(o.get("internal_key") for o in data.orders) and any(
        o["currency"] == "EUR" for o in data.orders
    )
    assert {o["invoice_status"] for o in data.orders} == {0, 1, 2}
    assert any(o["customer"]["invoice"].get("TaxNumber") for o in data.orders)
    assert any(o["customer"]["id"] is None for o in data.orders)  # guest buyers
    assert {p["image"]["ext"] for p in data.products} == {"jpg", "png"}
    assert any("ő" in p["name"] or "ű" in p["name"] or "é" in p["name"] for p in data.products)


def test_place_order_now_over_http(server: SandboxServer) -> None:
    client = UnasClient("sandbox-api-key", MemoryStateStore(), server.base_url)
    before = len(orders.get_orders(client, OrderQuery()))
    key = _admin(server.base_url, "place_order", {})["key"]  # type: ignore[index]
    after = orders.get_orders(client, OrderQuery())
    assert len(after) == before + 1 and key in {o.key for o in after}
    state = _admin(server.base_url, "state")
    assert state["orders"] == before + 1 and state["bans"] == 0  # type: ignore[index]


def test_reused_key_of_a_deleted_order_is_a_different_order(server: SandboxServer) -> None:
    server.set_readings(reuse_deleted_keys=True)
    client = UnasClient("sandbox-api-key", MemoryStateStore(), server.base_url)
    old = orders.get_orders(client, OrderQuery())[0]
    server.state.order_by_key(old.key)["deleted"] = True  # type: ignore[index]
    server.state.data.deleted_order_keys.append(old.key)
    server.advance(2)  # the new order is placed a little later (order times have whole seconds)
    new_key = server.place_order()["key"]
    assert new_key == old.key
    [new] = orders.get_orders(client, OrderQuery(key=new_key))
    assert (new.key, new.date) != (old.key, old.date)


def test_delay_beyond_the_timeout_is_no_answer(server: SandboxServer) -> None:
    client = UnasClient("sandbox-api-key", MemoryStateStore(), server.base_url, timeout=(1, 0.5))
    client.login()
    server.inject("delay", seconds=1.5)
    result, error = orders.set_orders(client, [OrderUpdate("x")])
    # A set call that got no answer reports its items as not reached, to be sent again.
    assert isinstance(error, UnasNetworkError)
    assert result.items[0].status == "not_reached"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_runs_a_shop_and_keeps_its_state(tmp_path: Path) -> None:
    port = _free_port()
    state_file = tmp_path / "bolt.json"
    env = {**os.environ, "BOLTHID_HOME": str(tmp_path)}
    cmd = [
        sys.executable,
        "-m",
        "app",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--state",
        str(state_file),
        "--api-key",
        "titok",
        "--products",
        "12",
        "--orders",
        "4",
        "--seed",
        "5",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert "tesztbolt fut" in (proc.stdout.readline() if proc.stdout else "")
        client = UnasClient("titok", MemoryStateStore(), f"http://127.0.0.1:{port}/shop/")
        assert len(orders.get_orders(client, OrderQuery())) == 4
        key = orders.get_orders(client, OrderQuery())[0].key
        result, _ = orders.set_orders(client, [OrderUpdate(key, invoice_status=2, invoice_number="SZ-9")])
        assert result.items[0].status == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert len(saved["products"]) == 12 and "titok" in saved["api_keys"]
    assert any(o["invoice_number"] == "SZ-9" for o in saved["orders"] if "invoice_number" in o)


def test_two_test_services_never_share_a_port() -> None:
    """A second server on a port the first listens on is refused, on Windows too (where SO_REUSEADDR
    would let both bind it and answer at random), so a second start falls back to a free port."""
    from app.navsandbox.server import NavTestService

    first = SandboxServer(ShopState(generate(products=1, orders=0, seed=1, customers=1))).start()
    nav = NavTestService().start()
    try:
        for port in (first.port, nav.port):
            with pytest.raises(OSError):
                SandboxServer(ShopState(generate(products=1, orders=0, seed=1, customers=1)), port=port)
            with pytest.raises(OSError):
                NavTestService(port=port)
    finally:
        first.stop()
        nav.stop()
