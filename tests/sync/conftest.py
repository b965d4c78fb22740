"""Shared by the order-sync tests: a small demo shop behind the sandbox, and a user-only key file."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from app.credentials import CredentialStore
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopData, ShopState


@pytest.fixture(scope="module")
def base_data() -> ShopData:
    data = generate(products=15, orders=0, seed=11, customers=6)
    return data


@pytest.fixture
def sandbox(base_data: ShopData) -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(copy.deepcopy(base_data))).start()
    yield server
    server.stop()


@pytest.fixture
def creds(tmp_path) -> CredentialStore:
    return CredentialStore(tmp_path, use_keyring=False)
