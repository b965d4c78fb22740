"""Headless commands: the same services the GUI calls, for scripts, schedulers and tests."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from app.cli.output import EXIT_FAILED
from app.cli.parser import build_parser
from app.errors import AppError

__all__ = ["build_parser", "run"]

log = logging.getLogger(__name__)


# A password inside --db shows in every user's process list (ps, Task Manager's command line).
DB_PASSWORD_WARNING = (
    "Figyelem: a --db címben megadott jelszó a folyamatlistában mások számára is látszik. Adja meg "
    "inkább a BOLTHID_DB környezeti változóban, vagy a PostgreSQL jelszófájljában (.pgpass, Windowson "
    "%APPDATA%\\postgresql\\pgpass.conf), és a címből hagyja el."
)


def _warn_about_a_password_in(url: str | None) -> None:
    if not url:
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        has_password = bool(make_url(url).password)
    except (ArgumentError, ValueError):
        return  # opening it says what is wrong
    if has_password:
        print(DB_PASSWORD_WARNING, file=sys.stderr)


def run(argv: Sequence[str], parser: argparse.ArgumentParser | None = None) -> int:
    """``parser``: the one the entry point already built (building it costs ~25 ms per start)."""
    args = (parser or build_parser()).parse_args(argv)
    _warn_about_a_password_in(getattr(args, "db", None))
    try:
        return _dispatch(args)
    except AppError as exc:
        print(f"Hiba: {exc.user_message}", file=sys.stderr)
        if exc.detail:
            print(f"Részletek: {exc.detail}", file=sys.stderr)
        return EXIT_FAILED
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # the one top-level handler: never a traceback for the user
        from app.crash_report import user_message, write_details
        from app.db.engine import resolve_url
        from app.db.failures import explain, location

        known = explain(exc, location(resolve_url(getattr(args, "db", None))))
        if known is not None:  # a full disk, a read-only or corrupt file: what to do, no SQL
            log.warning("%s: %s", args.command, known.detail)
            print(f"Hiba: {known.user_message}", file=sys.stderr)
            return EXIT_FAILED

        log.exception("unexpected error in %s", args.command)
        print(f"Hiba: {user_message(write_details(exc))}", file=sys.stderr)
        return EXIT_FAILED


def _dispatch(args: argparse.Namespace) -> int:
    from app import collector
    from app.bootstrap import open_database
    from app.cli import company_commands, data_commands, invoice_commands, shop_commands

    if args.command in ("nav", "sandbox", "backup", "restore"):
        collector.resume()  # the test services run for hours without a database of ours
    if args.command == "nav" and args.nav_command == "serve":
        from app.cli import nav_commands

        return nav_commands.serve(args)
    if args.command in ("backup", "restore"):
        return data_commands.backup_or_restore(args)
    if args.command == "sandbox":
        from app import paths
        from app.sandbox.serve import serve

        state = args.state or paths.data_dir() / "sandbox.json"
        serve(state, args.port, args.api_key, args.products, args.orders, args.seed)
        return 0
    db = open_database(args.db)
    collector.resume()  # the modules, the engine and the mapped ORM are in place: the start's heap
    try:
        if db.backup_made:
            print(f"Mentés a frissítés előtt: {db.backup_made}", file=sys.stderr)
        for notice in db.notices:
            print(f"Figyelem: {notice}", file=sys.stderr)
        if args.command == "migrate":
            print("Az adatbázis naprakész.")
            return 0
        if args.command == "list":
            return data_commands.list_records(db, args.what, args.json)
        if args.command == "stock":
            return data_commands.stock(db, args.json)
        if args.command == "shop":
            return shop_commands.shop_command(db, args)
        if args.command == "import":
            return data_commands.import_products(db, args)
        if args.command == "demo":
            from app.cli import sync_commands  # the sync machinery only when a sync is asked for

            return sync_commands.demo(db)
        if args.command == "forget-secrets":
            from app.credentials import CredentialStore
            from app.services.secrets import forget_secrets

            with db.reading() as session:
                removed = forget_secrets(session, CredentialStore())
            print(f"{removed} tárolt jelszó és kulcs törölve a jelszótárolóból.")
            return 0
        if args.command == "invoice":
            return invoice_commands.run(db, args)
        if args.command == "company":
            return company_commands.run(db, args)
        if args.command == "count":
            from app.cli import count_commands

            return count_commands.run(db, args)
        if args.command in ("supplier", "receipt"):
            from app.cli import purchase_commands

            return purchase_commands.run(db, args)
        if args.command in ("picking-list", "delivery-note"):
            from app.cli import picking_commands

            return picking_commands.run(db, args)
        if args.command == "transfer":
            from app.cli import transfer_commands

            return transfer_commands.run(db, args)
        if args.command == "payment":
            from app.cli import payment_commands

            return payment_commands.run(db, args)
        if args.command == "nav":
            from app.cli import nav_commands

            return nav_commands.run(db, args)
        if args.command == "sync" and args.loop:
            from app.cli import sync_commands

            return sync_commands.sync_loop(db)
        if args.command == "sync" and args.sync_command is None:
            raise AppError("Adja meg, mit szinkronizáljon: sync orders, sync products vagy sync --loop.")
        if args.command == "sync":
            from app.cli import sync_commands

            return sync_commands.sync_once(db, args)
        raise AssertionError(args.command)
    finally:
        db.dispose()
