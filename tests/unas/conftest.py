"""Client ↔ sandbox over real HTTP on 127.0.0.1, under the documented behaviour and with each
reading switched to the other way ("documented" = the defaults; a reading's name = it flipped)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import fields

import pytest

from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import Readings, ShopData, ShopState
from app.unas.client import UnasClient
from app.unas.state import MemoryStateStore

API_KEY = "sandbox-api-key"
READINGS = ["documented"] + [f.name for f in fields(Readings)]


@pytest.fixture(scope="session")
def demo_data() -> ShopData:
    return generate(products=40, orders=30, seed=7, customers=12)


@pytest.fixture(params=READINGS)
def reading(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sandbox(demo_data: ShopData, reading: str, request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    data = copy.deepcopy(demo_data)
    if reading != "documented":
        setattr(data.readings, reading, not getattr(Readings(), reading))
    server = SandboxServer(ShopState(data)).start()
    yield server
    server.stop()
    # A normal run must never get the machine banned; tests that ban on purpose say so.
    if "bans_on_purpose" not in request.keywords:
        assert server.state.bans == [], server.state.bans


@pytest.fixture
def store() -> MemoryStateStore:
    return MemoryStateStore()


@pytest.fixture
def client(sandbox: SandboxServer, store: MemoryStateStore) -> UnasClient:
    return UnasClient(API_KEY, store, sandbox.base_url, timeout=(2, 5))


def calls(sandbox: SandboxServer, endpoint: str | None = None) -> int:
    return sum(1 for c in sandbox.state.calls if endpoint is None or c["endpoint"] == endpoint)
