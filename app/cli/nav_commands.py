"""`bolthid nav …`: NAV Online Számla from the command line – settings, connection test, sending,
the state of every report, resending a rejected one, and the built-in test service.

Secrets are read from files (or standard input with "-"), never from the command line, where
other users and the shell history could see them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.output import EXIT_BUSY, EXIT_FAILED, EXIT_OK, print_json, print_table
from app.errors import ValidationError


def add_parser(sub: Any) -> None:
    p_nav = sub.add_parser("nav", help="NAV Online Számla adatszolgáltatás")
    nav_sub = p_nav.add_subparsers(dest="nav_command", required=True)
    p_setup = nav_sub.add_parser("setup", help="a technikai felhasználó beállítása")
    p_setup.add_argument("--login", required=True, help="a technikai felhasználó neve")
    p_setup.add_argument("--tax-number", required=True, help="az adózó adószáma (az első 8 számjegy elég)")
    p_setup.add_argument(
        "--environment",
        choices=["production", "test", "builtin"],
        default="production",
        help="production: éles NAV, test: NAV tesztkörnyezet, builtin: beépített tesztszolgáltatás",
    )
    p_setup.add_argument("--url", default="", help="a szolgáltatás címe (alapból a NAV címe a környezethez)")
    for name, words in (
        ("password", "a jelszó"),
        ("signature-key", "az aláírókulcs"),
        ("exchange-key", "a cserekulcs"),
    ):
        p_setup.add_argument(
            f"--{name}-file", type=Path, help=f"fájl, amelyben {words} áll ('-': standard bemenet)"
        )
    nav_sub.add_parser("test", help="kapcsolatteszt (queryTaxpayer a saját adószámra, tokenkérés)")
    p_send = nav_sub.add_parser("send", help="a várakozó számlák beküldése, megvárja a NAV válaszát")
    p_send.add_argument("--no-wait", action="store_true", help="nem várja meg a feldolgozás eredményét")
    p_status = nav_sub.add_parser("status", help="a számlák NAV-állapota (waiting / sent / DONE / ABORTED)")
    p_status.add_argument("number", nargs="?", help="csak ez a számla")
    p_status.add_argument("--json", action="store_true")
    p_resend = nav_sub.add_parser("resend", help="elutasított számla újraküldése ugyanazzal a sorszámmal")
    p_resend.add_argument("number")
    p_serve = nav_sub.add_parser("serve", help="a beépített NAV tesztszolgáltatás a 127.0.0.1 címen")
    p_serve.add_argument("--port", type=int, default=0, help="port (alapból egy szabad port)")
    p_serve.add_argument("--state", type=Path, help="állapotfájl (a beérkezett adatszolgáltatások)")
    p_serve.add_argument(
        "--user-file", type=Path, help="JSON: login, password, signature_key, exchange_key, tax_number"
    )


def serve(args: argparse.Namespace) -> int:
    from app.navsandbox.serve import serve as run_service

    return run_service(args.port, args.state, args.user_file)


def run(db: Any, args: argparse.Namespace) -> int:
    from app.credentials import CredentialStore

    creds = CredentialStore()
    command = args.nav_command
    if command == "setup":
        return _setup(db, creds, args)
    if command == "test":
        from app.sync.nav_connection import test_connection

        result = test_connection(db, creds)
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
        return EXIT_OK if result.ok else EXIT_FAILED
    if command == "send":
        return _send(db, creds, wait=not args.no_wait)
    if command == "resend":
        return _resend(db, creds, args.number)
    return _status(db, args.number, args.json)


def _secret(path: Path | None, what: str, stdin_lines: list[str]) -> str:
    if path is None:
        return ""
    if str(path) == "-":
        if not stdin_lines:
            stdin_lines.extend(line.rstrip("\r\n") for line in sys.stdin.readlines())
        if not stdin_lines:
            raise ValidationError(f"A standard bemeneten nem érkezett {what}.")
        return stdin_lines.pop(0).strip()
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ValidationError(f"A(z) {path} fájl nem olvasható ({what}).", str(exc)) from exc


def _setup(db: Any, creds: Any, args: argparse.Namespace) -> int:
    from app.services import nav_settings

    lines: list[str] = []
    data = nav_settings.NavSettingsInput(
        environment=args.environment,
        login=args.login,
        tax_number=args.tax_number,
        base_url=args.url,
        password=_secret(args.password_file, "jelszó", lines),
        signature_key=_secret(args.signature_key_file, "aláírókulcs", lines),
        exchange_key=_secret(args.exchange_key_file, "cserekulcs", lines),
    )
    with db.transaction() as session:
        row = nav_settings.save_profile(session, creds, data)
        where = f"{nav_settings.ENVIRONMENTS[row.environment]}, {row.base_url}"
    print(f"NAV beállítás mentve: {args.login} ({where}). Próba: bolthid nav test")
    return EXIT_OK


def _send(db: Any, creds: Any, *, wait: bool) -> int:
    from app.sync.nav_sender import send_reports
    from app.timeutil import program_clock

    report = send_reports(db, creds, clock=program_clock(), until_answered=wait)
    print(report.summary())
    if report.busy is not None:
        return EXIT_BUSY
    return EXIT_FAILED if report.errors or report.aborted else EXIT_OK


def _resend(db: Any, creds: Any, number: str) -> int:
    from app.services import invoicing, nav_outbox

    with db.transaction() as session:
        document = invoicing.find_document(session, number)
        nav_outbox.resend(session, document.id)
    print(f"A(z) {number} számla újra beküldésre vár.")
    return _send(db, creds, wait=True)


def _status(db: Any, number: str | None, as_json: bool) -> int:
    from app.services import nav_outbox, nav_settings

    with db.reading() as session:
        rows = nav_outbox.report_rows(session, number)
        settings = nav_settings.describe(session)
        summary = nav_outbox.status(session)
    if number and not rows:
        raise ValidationError(f"A(z) {number} számlához nincs NAV adatszolgáltatás.")
    if as_json:
        print_json({"settings": settings, "reports": [r.to_json() for r in rows]})
        return EXIT_OK
    print_table(
        ["Számla", "Művelet", "NAV", "Tranzakció", "Üzenet"],
        [
            [
                r.number,
                r.operation,
                r.state,
                r.transaction_id,
                "; ".join(f"{m.get('code')}: {m.get('text')}" for m in r.messages) or r.last_error or r.note,
            ]
            for r in rows
        ],
    )
    if summary.text:
        print(summary.text)
    return EXIT_OK
