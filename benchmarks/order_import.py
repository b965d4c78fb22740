"""Order import: sandbox orders of 4 lines into an empty database, beside the limit of the same rows.

Run:  .venv/bin/python benchmarks/order_import.py [--orders 5000] [--postgres] [--json]

Each order has 3 goods lines and a shipping line; the 300 products are all new to the database, so
the first orders also create them. The orders come over HTTP from the sandbox on 127.0.0.1.
- ``orders_per_s_cpu``: orders imported per CPU second of the importing thread (the sandbox's
  server threads and the HTTP wait are not counted; parsing the pages is not either: it happens
  before a page is imported).
- ``raw_limit_orders_per_s_cpu``: the same rows (documents, lines, links, customers, products),
  written again by plain ``sqlite3`` into an empty database of the same schema, one transaction per
  order, in this run – what the disk format allows; ``ratio`` is how far from it we are.
- ``--postgres``: the same import into a PostgreSQL server of its own with fsync on (as a real
  server: every durable commit waits for the disk), ``pg_orders_per_s_wall`` commit waits included.
Figures and their aims: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sqlite3
import time
from pathlib import Path
from typing import Any

import bench_shop

bench_shop.this_tree()

# Written by the sync before its first order (methods, mappings, the shop's counter): copied
# untimed; the categories come with the products' shop data and are few.
UNTIMED = ("shops", "payment_methods", "shipping_methods", "shop_mappings", "categories", "number_counters")


def shop_state(orders: int) -> Any:
    from app.sandbox.demo_data import generate, new_order
    from app.sandbox.shop_state import ShopState

    data = generate(products=300, orders=0, seed=3, customers=400)
    state = ShopState(data)
    rng = random.Random(1)
    now = time.time()
    for n in range(orders):
        order = new_order(state, rng=rng, placed=now - 86400 * 7 + n * 60, status_id=1)
        goods = [
            {
                "id": str(p["id"]),
                "sku": p["sku"],
                "name": p["name"],
                "unit": "db",
                "quantity": "1",
                "price_net": p["net"],
                "price_gross": p["gross"],
                "vat": p["vat"],
            }
            for p in rng.sample(data.products, 3)
        ]
        last = order["items"][-1]
        order["items"] = [*goods, last if last["id"] == "shipping-cost" else goods[0]]
        data.orders.append(order)
    return state


def run_import(url: str, work: Path, orders: int) -> dict[str, Any]:
    from app.bootstrap import open_database
    from app.sync import shops
    from app.sync.order_sync import sync_orders

    state = shop_state(orders)
    server = bench_shop.start_sandbox(state)
    db = open_database(url)
    shop_id, creds = bench_shop.add_shop(db, work, server)
    # The program freezes its start's heap once the database is open (app/collector.py); here the
    # sandbox's thousands of orders live in the same process too, which the program's never do, so
    # they are frozen with it (after a collection, untimed, so no garbage of the set-up is kept): the
    # collector then walks what the import itself makes, as in the program.
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    report = sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))
    elapsed = time.perf_counter() - started
    server.stop()
    db.dispose()
    return {
        "created": report.created,
        "errors": report.errors,
        "sync_wall_s": elapsed,
        "processing_wall_s": report.processing_seconds,
        # An older tree (a "before" run) has only the wall time; for SQLite it is close to CPU.
        "processing_cpu_s": getattr(report, "processing_cpu_seconds", report.processing_seconds),
        "getOrder_calls": sum(1 for c in state.calls if c["endpoint"] == "getOrder"),
    }


def raw_limit(source: Path, target: Path) -> tuple[int, float]:
    """The import's rows written again with plain sqlite3, one transaction per order, as the
    program's engine sets SQLite up (WAL, synchronous=NORMAL, foreign keys); CPU of this thread."""
    from app.bootstrap import open_database

    open_database(f"sqlite:///{target}").dispose()  # the same schema and seed rows
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        dst.execute(f"PRAGMA {pragma}")

    def rows(table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = src.execute(f"SELECT * FROM {table} ORDER BY id")
        return [d[0] for d in cursor.description], cursor.fetchall()

    def insert(table: str, columns: list[str], ignore: bool = False) -> str:
        marks = ", ".join("?" * len(columns))
        return f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} ({', '.join(columns)}) VALUES ({marks})"

    for table in UNTIMED:
        columns, found = rows(table)
        dst.executemany(insert(table, columns, ignore=True), found)
    dst.execute("UPDATE number_counters SET last_number = 0")

    def by(table: str, key: str) -> tuple[str, dict[Any, list[tuple[Any, ...]]]]:
        columns, found = rows(table)
        grouped: dict[Any, list[tuple[Any, ...]]] = {}
        for row in found:
            grouped.setdefault(row[columns.index(key)], []).append(row)
        return insert(table, columns), grouped

    doc_columns, documents = rows("documents")
    line_sql, lines = by("document_lines", "document_id")
    link_sql, links = by("shop_order_links", "document_id")
    customer_sql, customers = by("customers", "id")
    customer_link_sql, customer_links = by("shop_customer_links", "customer_id")
    product_sql, products = by("products", "id")
    category_sql, categories = by("product_categories", "product_id")
    product_link_sql, product_links = by("shop_product_links", "product_id")
    doc_sql = insert("documents", doc_columns)
    customer_at = doc_columns.index("customer_id")
    product_at = rows("document_lines")[0].index("product_id")
    seen_customers: set[Any] = set()
    seen_products: set[Any] = set()
    started = time.thread_time()
    for doc in documents:
        dst.execute("BEGIN IMMEDIATE")
        dst.execute(
            "UPDATE number_counters SET last_number = last_number + 1 RETURNING last_number"
        ).fetchone()
        customer = doc[customer_at]
        if customer not in seen_customers:
            seen_customers.add(customer)
            dst.executemany(customer_sql, customers[customer])
            dst.executemany(customer_link_sql, customer_links.get(customer, []))
        for line in lines[doc[0]]:
            product = line[product_at]
            if product is not None and product not in seen_products:
                seen_products.add(product)
                dst.executemany(product_sql, products.get(product, []))
                dst.executemany(category_sql, categories.get(product, []))
                dst.executemany(product_link_sql, product_links.get(product, []))
        dst.execute(doc_sql, doc)
        dst.executemany(line_sql, lines[doc[0]])
        dst.executemany(link_sql, links[doc[0]])
        dst.execute("COMMIT")
    cpu = time.thread_time() - started
    return len(documents), cpu


def postgres_figures(work: Path, orders: int) -> dict[str, Any]:
    from tests import postgres_server

    server = postgres_server.start(durable=True)
    try:
        url = server.create_database("bench")
        run = run_import(url, work / "pg", orders)
    finally:
        server.stop()
    return {
        "pg_created": run["created"],
        "pg_orders_per_s_wall": run["created"] / max(run["processing_wall_s"], 1e-9),
        "pg_orders_per_s_cpu": run["created"] / max(run["processing_cpu_s"], 1e-9),
        "pg_orders_per_s_wall_aim": 300,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--postgres", action="store_true", help="also into a PostgreSQL server (fsync on)")
    bench_shop.json_option(parser)
    args = parser.parse_args()
    work = bench_shop.work_dir("orders")
    source = work / "bench.sqlite"
    run = run_import(f"sqlite:///{source}", work, args.orders)
    raw_orders, raw_cpu = raw_limit(source, work / "raw.sqlite")
    ours = run["created"] / max(run["processing_cpu_s"], 1e-9)
    limit = raw_orders / max(raw_cpu, 1e-9)
    result: dict[str, Any] = {
        "orders": args.orders,
        "created": run["created"],
        "errors": run["errors"],
        "orders_per_s_cpu": ours,
        "raw_limit_orders_per_s_cpu": limit,
        "ratio": limit / max(ours, 1e-9),
        "orders_per_s_cpu_aim": 1000,
        "ratio_aim": 6,
        "orders_per_s_wall": run["created"] / max(run["processing_wall_s"], 1e-9),
        "sync_wall_s": run["sync_wall_s"],
        "getOrder_calls": run["getOrder_calls"],
        "getOrder_calls_bound": -(-args.orders // 500) + 1,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if args.postgres:
        result.update(postgres_figures(work, args.orders))
    bench_shop.emit(result, args.json)


if __name__ == "__main__":
    main()
