"""Order import: 5,000 sandbox orders of 4 lines into an empty SQLite database.

Run:  .venv/bin/python benchmarks/order_import.py [--orders 5000]
Measures the whole sync (HTTP to the sandbox on 127.0.0.1 included), the local processing rate,
the getOrder calls made and the peak memory. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bolthid-orders-"))
    os.environ["BOLTHID_HOME"] = str(work)

    from app.bootstrap import open_database
    from app.credentials import CredentialStore
    from app.sandbox.demo_data import generate, new_order
    from app.sandbox.server import SandboxServer
    from app.sandbox.shop_state import ShopState
    from app.sync import shops
    from app.sync.order_sync import sync_orders

    data = generate(products=300, orders=0, seed=3, customers=400)
    state = ShopState(data)
    rng = random.Random(1)
    now = time.time()
    live = data.products
    for n in range(args.orders):
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
            for p in rng.sample(live, 3)
        ]
        order["items"] = [
            *goods,
            order["items"][-1] if order["items"][-1]["id"] == "shipping-cost" else goods[0],
        ]
        data.orders.append(order)
    server = SandboxServer(state).start()
    server.set_limits({"getOrder:multi": 1000, "getProduct:multi": 1000})
    db = open_database(f"sqlite:///{work / 'bench.sqlite'}")
    creds = CredentialStore(work, use_keyring=False)
    shop_id = shops.add_shop(
        db,
        creds,
        shops.ShopSettings(name="Bench", base_url=server.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    client = shops.shop_client(db, creds, shop_id)
    started = time.perf_counter()
    report = sync_orders(db, shop_id, client)
    elapsed = time.perf_counter() - started
    api_calls = len(state.calls)
    get_order_calls = sum(1 for c in state.calls if c["endpoint"] == "getOrder")
    result = {
        "orders": args.orders,
        "created": report.created,
        "errors": report.errors,
        "elapsed_s": round(elapsed, 2),
        "orders_per_s": round(report.created / elapsed, 1),
        "local_processing_s": round(report.processing_seconds, 2),
        "local_orders_per_s": round(report.created / max(report.processing_seconds, 1e-9), 1),
        "getOrder_calls": get_order_calls,
        "getOrder_calls_bound": -(-args.orders // 500) + 1,
        "api_calls_total": api_calls,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    server.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
