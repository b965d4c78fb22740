"""Crash safety: the sync is killed (SIGKILL) at named points, many times; nothing is lost or doubled.

Each backend kills every point KILLS_PER_POINT times, so together SQLite and PostgreSQL hit each
point at least 50 times.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import defaultdict
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from app.bootstrap import open_database
from app.credentials import CredentialStore
from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus
from app.db.shop_api import ShopApiCall
from app.db.shop_links import ShopOrderLink
from app.sandbox.demo_data import generate
from app.sync import killpoints, shops
from app.sync.order_sync import sync_orders
from tests.sync.many_runs import add_shop, unlimited_sandbox

POINTS = ("after_page", "before_order_commit", "before_cursor")
KILLS_PER_POINT = 25


def _child(url: str, creds_dir: str, shop_id: int, kill_spec: str | None) -> None:
    if kill_spec:
        os.environ[killpoints.ENV] = kill_spec
    db = open_database(url)
    creds = CredentialStore(Path(creds_dir), use_keyring=False)
    sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))
    db.dispose()
    os._exit(0)


def _run(ctx, url: str, creds_dir: str, shop_id: int, kill_spec: str | None, parent_db) -> int:
    parent_db.engine.dispose()  # no pooled connection may be inherited by the forked child
    proc = ctx.Process(target=_child, args=(url, creds_dir, shop_id, kill_spec))
    proc.start()
    proc.join(60)
    assert proc.exitcode is not None, "sync hung"
    return int(proc.exitcode)


def test_killed_syncs_leave_exactly_one_document_per_order(db_url: str, tmp_path: Path) -> None:
    data = generate(products=10, orders=6, seed=9, customers=4)
    for order in data.orders:
        order["status_id"] = 1  # every order is live, so every one must arrive
    server = unlimited_sandbox(data)
    ctx = multiprocessing.get_context("fork")
    try:
        db = open_database(db_url)
        shop_id = add_shop(db, tmp_path, server, "Bolt")
        kills: dict[str, int] = defaultdict(int)
        for point in POINTS:
            attempt = 0
            while kills[point] < KILLS_PER_POINT:
                attempt += 1
                if attempt % 3 == 1:
                    server.place_order(status_id=1)
                with db.transaction() as s:
                    s.execute(delete(ShopApiCall))
                code = _run(
                    ctx,
                    db_url,
                    str(tmp_path),
                    shop_id,
                    f"{point}:{attempt % 3 + 1 if point != 'before_cursor' else 1}",
                    db,
                )
                if code == -signal.SIGKILL:
                    kills[point] += 1
                else:
                    assert code == 0
                assert attempt < KILLS_PER_POINT * 10, (point, dict(kills), code)
        assert _run(ctx, db_url, str(tmp_path), shop_id, None, db) == 0
        assert min(kills.values()) >= KILLS_PER_POINT

        shop_orders = [o for o in server.state.data.orders if not o.get("deleted")]
        with db.reading() as s:
            documents = s.scalar(
                select(func.count()).select_from(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER)
            )
            links = list(s.execute(select(ShopOrderLink.order_key, ShopOrderLink.document_id)))
            reserved = dict(
                s.execute(
                    select(DocumentLine.product_code, func.sum(DocumentLine.quantity))
                    .join(Document, Document.id == DocumentLine.document_id)
                    .where(Document.status == DocumentStatus.OPEN, DocumentLine.stock_item.is_(True))
                    .group_by(DocumentLine.product_code)
                ).all()
            )
        assert documents == len(shop_orders) == len(links)
        assert len({key for key, _ in links}) == len(links) and all(doc for _, doc in links)
        expected: dict[str, D] = defaultdict(D)
        for order in shop_orders:
            for item in order["items"]:
                if item["sku"].startswith("DEMO-") or item["sku"] == "BELYEG-KESZLET":
                    expected[item["sku"]] += D(item["quantity"])
        assert reserved == expected
        db.dispose()
    finally:
        server.stop()


if not hasattr(os, "fork"):  # the program runs on Windows; this test needs fork
    pytestmark = pytest.mark.skip(reason="needs fork()")
