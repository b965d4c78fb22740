"""`bolthid sync orders|products|--loop` and `bolthid demo`: every one through the one sync door.

A door runs the jobs it names: `sync orders` pulls orders only, `sync products` pulls orders and
then pushes products, `--loop` runs both on the schedule. A one-shot command that finds its shop
busy exits with ``EXIT_BUSY``; the loop just logs the busy tick and goes on.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from datetime import timedelta
from typing import Any

from app import credentials
from app.cli.output import EXIT_BUSY, EXIT_FAILED, EXIT_OK, print_json
from app.db.database import Database
from app.errors import AppError
from app.progress import ConsoleProgress
from app.sync.shop_sync import BOTH, Job, ShopSyncReport, Trigger, active_shop_ids, sync_shop


def sync_once(db: Database, args: argparse.Namespace) -> int:
    jobs = (Job.ORDERS,) if args.sync_command == "orders" else BOTH
    creds = credentials.CredentialStore()
    reports: list[ShopSyncReport] = []
    failures: list[str] = []
    for shop_id in active_shop_ids(db, args.shop):
        try:
            report = sync_shop(
                db,
                creds,
                shop_id,
                jobs,
                trigger=Trigger.CLI,
                progress=None if args.json else ConsoleProgress(),
                confirmed=bool(getattr(args, "yes", False)),
            )
        except AppError as exc:
            failures.append(exc.user_message)
            print(f"Hiba: {exc.user_message}", file=sys.stderr)
            continue
        reports.append(report)
        if not args.json:
            _print_report(report)
    if args.json:
        print_json([report_record(r) for r in reports])
    if any(r.busy is not None for r in reports):
        return EXIT_BUSY
    failed = failures or any(r.failed or r.needs_confirmation for r in reports)
    return EXIT_FAILED if failed else EXIT_OK


def _print_report(report: ShopSyncReport) -> None:
    if report.busy is not None:
        print(f"Foglalt: {report.skipped}. Próbálja újra később.", file=sys.stderr)
        return
    if report.needs_confirmation and report.plan is not None:
        if report.orders is not None:
            print(report.orders.summary())
        print(report.plan.preview_text())
        print("Semmit nem küldtünk el. Ha rendben van, futtassa újra a --yes kapcsolóval.")
        return
    print(report.summary())
    for line in report.details():
        print(f"  {line}")


def report_record(report: ShopSyncReport) -> dict[str, Any]:
    """The JSON form of a report: `sync orders` gives the order figures, `sync products` the push
    figures with the order pull nested (the shapes scripts already read), both with the skip."""
    base: dict[str, Any] = {
        "shop": report.shop,
        "skipped": report.skipped,
        "busy": {"workstation": report.busy.workstation, "since": report.busy.since}
        if report.busy is not None
        else None,
    }
    orders = vars(report.orders) if report.orders is not None else None
    if Job.PRODUCTS not in report.jobs:
        return {**(orders or {}), **base}
    pushed, plan = report.products, report.plan
    if pushed is None:
        return {**base, "complete": False, "orders": orders, "messages": report.messages}
    return {
        **base,
        "complete": pushed.complete,
        "needs_confirmation": pushed.needs_confirmation,
        "created": pushed.created,
        "updated": pushed.updated,
        "images": pushed.images,
        "stock": pushed.stock,
        "products_touched": len(pushed.touched),
        "errors": [{"code": c, "message": m} for c, m in pushed.errors],
        "messages": pushed.messages + report.messages,
        "orders": orders,
        "preview": {"create": plan.create, "overwrite": plan.overwrite} if plan is not None else None,
    }


def sync_loop(db: Database) -> int:
    import signal

    from app.sync.scheduler import loop

    stop = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        print("Leállítás: a folyamatban lévő tétel befejeződik…", file=sys.stderr, flush=True)
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, request_stop)
    if hasattr(signal, "SIGBREAK"):  # Windows console close / Ctrl+Break
        signal.signal(signal.SIGBREAK, request_stop)
    print("Automatikus szinkron fut (Ctrl+C a leállításhoz).", flush=True)

    def show(result: ShopSyncReport) -> None:
        print(result.summary(), flush=True)

    # For demos and tests: seconds instead of the shops' own minutes.
    seconds = os.environ.get("BOLTHID_SYNC_INTERVAL_SECONDS")
    interval = timedelta(seconds=float(seconds)) if seconds else None
    tick = float(os.environ.get("BOLTHID_SYNC_TICK_SECONDS", "20"))
    from app.timeutil import program_clock

    loop(
        db,
        credentials.CredentialStore(),
        stop,
        tick_seconds=tick,
        interval=interval,
        on_result=show,
        on_nav=lambda text: print(text, flush=True),
        clock=program_clock(),
    )
    print("A szinkron leállt.", flush=True)
    return EXIT_OK


def demo(db: Database) -> int:
    """The headless demo: what the GUI's test mode does, printed step by step."""
    from app.sandbox_shop import start_test_shop

    creds = credentials.CredentialStore()
    test = start_test_shop(db, creds)
    try:
        print(f"Tesztbolt elindult: {test.server.base_url} (API kulcs: a beépített tesztkulcs)")
        if test.imported:
            print(test.imported)
        orders = sync_shop(db, creds, test.shop_id, (Job.ORDERS,), trigger=Trigger.CLI)
        print(orders.summary())
        pushed = sync_shop(db, creds, test.shop_id, (Job.PRODUCTS,), trigger=Trigger.CLI, confirmed=True)
        print(pushed.summary())
        for line in pushed.details():
            print(f"  {line}")
        print("A rendelések: bolthid list orders; a készlet: bolthid stock; a napló a grafikus felületen.")
    finally:
        test.stop()
    return EXIT_OK
