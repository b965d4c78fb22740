"""A 5-minute tick with nothing new, after many orders changed in the last two hours.

Run:  .venv/bin/python benchmarks/quiet_tick.py [--orders 4000] [--json]
The orders are placed over the last 110 minutes and imported once; then the tick runs three times
and each is measured: getOrder calls (aim: 1), orders re-read, CPU seconds. The orders re-read
depend on how many changed in the few minutes before the newest one (the overlap), not on the two
hours. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import bench_shop

bench_shop.this_tree()


# The libraries a one-shot sync cannot do without, in a process of their own: the interpreter, and
# the ORM with our mapped classes configured (as the first query configures them) plus the HTTP
# client. What the sync spends above the second is our own: database open, cursor, one getOrder.
CLI_FLOORS = {
    "python": "pass",
    "orm_requests": bench_shop.PAUSED + bench_shop.ORM_CONFIGURED + "import requests\n",
}


def cli_sync_cpu(work: Path, url: str, runs: int = 3) -> dict[str, object]:
    """`bolthid sync orders` with nothing new, as a scheduled one-shot run: the whole process
    (interpreter, imports, database, one getOrder) in CPU seconds, median of ``runs`` after a
    first run that compiles the bytecode (as an installed program has it); the floors interleaved
    with it, so that the machine's noise falls on both."""
    env = bench_shop.child_env(BOLTHID_HOME=str(work))
    command = [sys.executable, "-m", "app", "--db", url, "sync", "orders", "--json"]
    first = subprocess.run(command, env=env, capture_output=True, text=True)
    if first.returncode != 0:
        raise SystemExit(f"bolthid sync failed: {first.stdout[-800:]} {first.stderr[-800:]}")
    floors: dict[str, list[float]] = {name: [] for name in CLI_FLOORS}
    times = []
    for _ in range(runs):
        times.append(bench_shop.child_cpu(command, env)[0])
        for name, script in CLI_FLOORS.items():
            floors[name].append(bench_shop.child_cpu([sys.executable, "-c", script], env)[0])
    sync = statistics.median(times)
    floor = {name: statistics.median(values) for name, values in floors.items()}
    return {
        "cli_sync_cpu_s_median": sync,
        "cli_sync_cpu_s_aim": 0.8,
        **{f"cli_floor_{name}_cpu_s_median": value for name, value in floor.items()},
        "cli_own_cpu_s_median": sync - floor["orm_requests"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=4000)
    bench_shop.json_option(parser)
    args = parser.parse_args()
    work = bench_shop.work_dir("tick")

    from app.bootstrap import open_database
    from app.sandbox.demo_data import generate, new_order
    from app.sandbox.shop_state import ShopState
    from app.sync import shops
    from app.sync.order_sync import sync_orders

    data = generate(products=300, orders=0, seed=3, customers=400)
    state = ShopState(data)
    now = time.time()
    for n in range(args.orders):
        data.orders.append(
            new_order(state, placed=now - 110 * 60 + n * (100 * 60 / args.orders), status_id=1)
        )
    server = bench_shop.start_sandbox(state)
    db = open_database(f"sqlite:///{work / 'bench.sqlite'}")
    shop_id, creds = bench_shop.add_shop(db, work, server, as_installed=True)
    client = shops.shop_client(db, creds, shop_id)
    first = sync_orders(db, shop_id, client)
    calls, cpu, reread = [], [], []
    for _ in range(3):
        before = sum(1 for c in state.calls if c["endpoint"] == "getOrder")
        started = time.process_time()
        report = sync_orders(db, shop_id, client)
        cpu.append(time.process_time() - started)
        calls.append(sum(1 for c in state.calls if c["endpoint"] == "getOrder") - before)
        reread.append(report.unchanged + report.updated + report.created)
    cli = cli_sync_cpu(work, f"sqlite:///{work / 'bench.sqlite'}")
    server.stop()
    result = {
        "orders_last_2h": args.orders,
        "imported": first.created,
        "tick_getOrder_calls": max(calls),
        "tick_getOrder_calls_aim": 1,
        "tick_orders_reread": max(reread),
        "tick_cpu_s_median": round(statistics.median(cpu), 3),
        **cli,
    }
    bench_shop.emit(result, args.json)


if __name__ == "__main__":
    main()
