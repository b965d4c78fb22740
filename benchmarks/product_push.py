"""Termék szinkron with 10,000 Webáruházas products: first push, a no-change run, 100 stock changes.

Run:  .venv/bin/python benchmarks/product_push.py [--products 30000]
(every third product is Webáruházas, so the default gives 10,000). The sandbox shop runs in its own
process, so the CPU time measured here is ours alone. Calls are counted on the sandbox side.
Prints a JSON summary; docs/benchmarks.md records the figures. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import bench_shop

bench_shop.this_tree()

sys.path.insert(0, str(Path(__file__).parent))


def _serve(conn: Any) -> None:
    from app.sandbox.server import SandboxServer
    from app.sandbox.shop_state import ShopData, ShopState

    server = SandboxServer(ShopState(ShopData())).start()
    conn.send(server.base_url)
    conn.recv()  # until the parent says stop
    server.stop()


def _calls(base_url: str) -> list[dict[str, Any]]:
    admin = base_url.rstrip("/").rsplit("/", 1)[0] + "/_admin/calls"
    with urllib.request.urlopen(admin) as answer:
        return json.loads(answer.read())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=30000)
    bench_shop.json_option(parser)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bolthid-push-"))
    os.environ["BOLTHID_HOME"] = str(work)
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe()
    sandbox = ctx.Process(target=_serve, args=(child_conn,))
    sandbox.start()
    base_url = parent_conn.recv()

    from product_list import build_database
    from sqlalchemy import event, func, select

    from app.bootstrap import open_database
    from app.credentials import CredentialStore
    from app.db.catalog import Product
    from app.services import documents as docs
    from app.sync import shops
    from app.sync.product_data import free_stock_for_shop
    from app.sync.product_sync import push_products
    from app.sync.stock_diff import stock_to_send

    url = f"sqlite:///{work / 'bench.sqlite'}"
    build_database(url, args.products)
    db = open_database(url)
    with db.reading() as s:
        webshop = s.scalar(select(func.count()).select_from(Product).where(Product.webshop.is_(True))) or 0
    creds = CredentialStore(work, use_keyring=False)
    shop_id = shops.add_shop(
        db,
        creds,
        shops.ShopSettings(name="Bench", base_url=base_url, import_since=date.today()),
        "sandbox-api-key",
    )
    results: dict[str, Any] = {"webshop_products": webshop}

    writes = [0]

    @event.listens_for(db.engine, "before_cursor_execute")
    def count_writes(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # A writing transaction on SQLite begins IMMEDIATE (app.db.engine): the write lock.
        if statement.startswith("BEGIN IMMEDIATE"):
            writes[0] += 1

    def run(label: str, quick: bool = True) -> None:
        """quick: as the 5-minute tick pushes (the stock alone while the catalog revision holds);
        otherwise as a click on Termék szinkron (every field compared)."""
        before = len(_calls(base_url))
        writes[0] = 0
        cpu, wall = time.process_time(), time.perf_counter()
        client = shops.shop_client(db, creds, shop_id)
        report = push_products(db, shop_id, client, confirmed=True, quick=quick)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        calls = Counter(c["endpoint"] for c in _calls(base_url)[before:])
        results[label] = {
            "wall_s": round(wall, 2),
            "our_cpu_s": round(cpu, 2),
            "our_cpu_ms_per_product": round(cpu * 1000 / max(webshop, 1), 3),
            "created": report.created,
            "updated": report.updated,
            "stock_records": report.stock,
            "errors": len(report.errors),
            "complete": report.complete,
            "calls": dict(sorted(calls.items())),
            # The run's own writes, and the shop's "pushed at" mark at its end (one, after any change).
            "write_transactions": writes[0],
        }

    run("first_push")
    run("settling_tick")  # the first push wrote its links: this tick compares every field once
    run("no_change")
    run("no_change_full", quick=False)
    # The limit beside it: the one SQL comparison alone, and the Python free stock it replaced.
    with db.reading() as s:
        cpu = time.process_time()
        stock_to_send(s, shop_id)
        results["sql_stock_diff_cpu_s"] = time.process_time() - cpu
        cpu = time.process_time()
        free_stock_for_shop(s, shop_id)
        results["python_free_stock_cpu_s"] = time.process_time() - cpu
    results["no_change_vs_sql_diff"] = results["no_change"]["our_cpu_s"] / max(
        results["sql_stock_diff_cpu_s"], 1e-9
    )
    with db.transaction() as s:
        ids = list(
            s.scalars(select(Product.id).where(Product.webshop.is_(True)).order_by(Product.id).limit(100))
        )
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(quantity=Decimal(5), product_id=i, unit_price=Decimal(100)) for i in ids
                ]
            ),
        )
    run("after_100_stock_changes")
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    parent_conn.send("stop")
    sandbox.join(10)
    bench_shop.emit(results, args.json)


if __name__ == "__main__":
    main()
