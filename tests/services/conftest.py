"""A small demo shop behind the sandbox for the stock documents' push tests, and a user-only key file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.credentials import CredentialStore
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=2, orders=0, seed=5, customers=1))).start()
    yield server
    server.stop()


@pytest.fixture
def creds(tmp_path: Path) -> CredentialStore:
    return CredentialStore(tmp_path, use_keyring=False)
