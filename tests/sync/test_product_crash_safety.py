"""Crash safety of Termék szinkron: a push killed (SIGKILL) right after the shop answered, before we
recorded it, many times; a final run leaves the shop equal to ours, with no product added twice."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import Counter
from decimal import Decimal as D
from pathlib import Path

from app.bootstrap import open_database
from app.credentials import CredentialStore
from app.sandbox.demo_data import generate
from app.services import documents as docs
from app.services import products as product_service
from app.sync import killpoints, shops
from app.sync.product_data import free_stock_for_shop, load_webshop_products
from app.sync.product_sync import CHUNK, push_products
from tests.sync.many_runs import add_shop, unlimited_sandbox

KILLS = 12


def _child(url: str, creds_dir: str, shop_id: int, kill_spec: str | None) -> None:
    if kill_spec:
        os.environ[killpoints.ENV] = kill_spec
    db = open_database(url)
    creds = CredentialStore(Path(creds_dir), use_keyring=False)
    push_products(db, shop_id, shops.shop_client(db, creds, shop_id), confirmed=True)
    db.dispose()
    os._exit(0)


def test_killed_pushes_leave_the_shop_equal_to_ours(db_url: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("app.sync.product_sync.CHUNK", 3)  # inherited by the forked children
    assert CHUNK == 100
    server = unlimited_sandbox(generate(products=2, orders=0, seed=4, customers=1))
    ctx = multiprocessing.get_context("fork")
    try:
        db = open_database(db_url)
        shop_id = add_shop(db, tmp_path, server, "Bolt")
        kills = 0
        round_no = 0
        while kills < KILLS:
            round_no += 1
            # Something new each round: products to add, prices and stock to change.
            with db.transaction() as s:
                for n in range(4):
                    product_service.create_product(
                        s,
                        product_service.ProductInput(
                            code=f"K{round_no}-{n}",
                            name=f"Termék {round_no}/{n}",
                            gross_price=D(1000 + round_no),
                            categories=[f"Kategória {n % 2}"],
                            webshop=True,
                        ),
                    )
                first = product_service.get_product(s, 1) if round_no > 1 else None
                if first is not None:
                    docs.create_purchase_receipt(
                        s,
                        docs.DocumentInput(
                            lines=[docs.LineInput(quantity=D(1), product_id=first.id, unit_price=D(10))]
                        ),
                    )
            db.engine.dispose()
            proc = ctx.Process(
                target=_child, args=(db_url, str(tmp_path), shop_id, f"after_push_call:{round_no % 3 + 1}")
            )
            proc.start()
            proc.join(60)
            assert proc.exitcode is not None, "push hung"
            if proc.exitcode == -signal.SIGKILL:
                kills += 1
            else:
                assert proc.exitcode == 0
        db.engine.dispose()
        proc = ctx.Process(target=_child, args=(db_url, str(tmp_path), shop_id, None))
        proc.start()
        proc.join(60)
        assert proc.exitcode == 0

        with db.reading() as s:
            ours = {p.code: p for p in load_webshop_products(s)}
            stock = free_stock_for_shop(s, shop_id)
        live = [p for p in server.state.data.products if p["state"] == "live"]
        dupes = [sku for sku, n in Counter(p["sku"] for p in live).items() if n > 1]
        assert dupes == []
        for code, product in ours.items():
            shop = server.state.product_by_sku(code)
            assert shop is not None, code
            assert (shop["name"], D(shop["gross"])) == (product.name, product.gross), code
            assert D(shop["qty"]) == stock.get(product.id, D(0)), code
        db.dispose()
    finally:
        server.stop()
