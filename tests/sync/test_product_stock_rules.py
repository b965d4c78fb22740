"""Stock rules of the product push that nothing else protects: stock we never counted is never sent."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.catalog import Product
from app.db.database import Database
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from tests.sync.test_product_sync import _add_shop, _product, _push, _receive, _set_calls, _shop


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=2, orders=0, seed=5, customers=1))).start()
    yield server
    server.stop()


@pytest.fixture
def creds(tmp_path: Path) -> CredentialStore:
    return CredentialStore(tmp_path, use_keyring=False)


def _pushes(sandbox: SandboxServer, since: int) -> list[dict[str, Any]]:
    return [c for c in _set_calls(sandbox, since) if c["endpoint"] in ("setProduct", "setStock")]


def test_stock_not_yet_recorded_is_never_pushed_until_a_receipt_records_it(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "NEM-SZAMOLT")
    with db.transaction() as s:
        product = s.get(Product, pid)
        assert product is not None
        product.stock_recorded = False  # as a product first seen on a webshop order
    before = len(sandbox.state.calls)
    report = _push(db, creds, shop_id)
    assert report.created == 1 and report.stock == 0
    calls = _pushes(sandbox, before)
    assert [c["endpoint"] for c in calls] == ["setProduct"]
    assert b"<Stocks>" not in calls[0]["body"], "the new product went without a stock figure"
    assert _shop(sandbox, "NEM-SZAMOLT")["qty"] == "0"
    # Nothing changes it while the stock is still not counted …
    before = len(sandbox.state.calls)
    assert _push(db, creds, shop_id).stock == 0 and _pushes(sandbox, before) == []
    # … and a receipt records it: from then on the free stock follows.
    _receive(db, pid, "4")
    with db.reading() as s:
        assert s.scalar(select(Product.stock_recorded).where(Product.id == pid)) is True
    assert _push(db, creds, shop_id).stock == 1
    assert D(_shop(sandbox, "NEM-SZAMOLT")["qty"]) == 4
