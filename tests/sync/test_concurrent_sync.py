"""Two workstations sync the same shop at the same moment, 20 times, on PostgreSQL: no duplicates."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from app.bootstrap import open_database
from app.credentials import CredentialStore
from app.db.documents import Document, DocumentKind
from app.db.shop_api import ShopApiCall
from app.db.shop_links import ShopOrderLink
from app.sandbox.demo_data import generate
from app.sync import shops
from app.sync.order_sync import sync_orders
from tests.sync.many_runs import add_shop, unlimited_sandbox

ROUNDS = 20


def _workstation(url: str, creds_dir: str, shop_id: int, barrier) -> None:
    db = open_database(url)
    client = shops.shop_client(db, CredentialStore(Path(creds_dir), use_keyring=False), shop_id)
    barrier.wait(timeout=30)
    sync_orders(db, shop_id, client)
    db.dispose()
    os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_two_workstations_at_once_never_double_an_order(postgres, tmp_path: Path) -> None:
    url = postgres.create_database("concurrent_sync")
    data = generate(products=10, orders=0, seed=5, customers=4)
    server = unlimited_sandbox(data)
    ctx = multiprocessing.get_context("fork")
    try:
        db = open_database(url)
        shop_id = add_shop(db, tmp_path, server, "Közös")
        for _ in range(ROUNDS):
            for _ in range(5):
                server.place_order(status_id=1)
            with db.transaction() as s:
                s.execute(delete(ShopApiCall))  # as if an hour passed: limits are tested elsewhere
            db.engine.dispose()  # no pooled connection may be inherited by the forked children
            barrier = ctx.Barrier(2)
            procs = [
                ctx.Process(target=_workstation, args=(url, str(tmp_path), shop_id, barrier))
                for _ in range(2)
            ]
            for p in procs:
                p.start()
            for p in procs:
                p.join(60)
                assert p.exitcode == 0
        with db.reading() as s:
            documents = s.scalar(
                select(func.count()).select_from(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER)
            )
            links = s.scalar(select(func.count()).select_from(ShopOrderLink))
        assert documents == links == ROUNDS * 5
        db.dispose()
    finally:
        server.stop()
