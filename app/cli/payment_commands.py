"""`bolthid payment …`: record what was paid against an invoice; list paid, open and overdue ones."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.cli.arg_types import iso_date
from app.cli.output import EXIT_OK, print_json, print_table
from app.errors import ValidationError

WAYS = {"keszpenz": "cash", "atutalas": "transfer", "kartya": "card", "online": "online"}


def add_parser(sub: Any) -> None:
    p_payment = sub.add_parser("payment", help="kiegyenlítés: számlák befizetései")
    pay_sub = p_payment.add_subparsers(dest="payment_command", required=True)
    p_add = pay_sub.add_parser("add", help="befizetés rögzítése egy számlához (részben vagy egészben)")
    p_add.add_argument("number", help="a számla sorszáma")
    p_add.add_argument("--amount", required=True, help="a befizetett összeg, pl. 12700 vagy 12 700")
    p_add.add_argument("--way", choices=sorted(WAYS), default="atutalas", help="a fizetés módja")
    p_add.add_argument("--date", type=iso_date, help="a fizetés napja ÉÉÉÉ-HH-NN (alapból ma)")
    p_add.add_argument("--note", default="", help="megjegyzés (pl. a banki közlemény)")
    p_list = pay_sub.add_parser("list", help="a számlák fizetési állapota")
    which = p_list.add_mutually_exclusive_group()
    which.add_argument("--open", action="store_true", help="csak a nyitott (ki nem egyenlített) számlák")
    which.add_argument("--overdue", action="store_true", help="csak a lejártak")
    p_list.add_argument("--json", action="store_true")


def run(db: Any, args: argparse.Namespace) -> int:
    from app.db.payments import PaymentWay
    from app.formatting import format_money, parse_decimal
    from app.services import payments
    from app.timeutil import budapest_today, program_clock

    today = budapest_today(program_clock()())
    if args.payment_command == "add":
        try:
            amount = parse_decimal(args.amount)
        except ValueError as exc:
            raise ValidationError(f"Az összeg nem szám: {args.amount}") from exc
        with db.transaction() as session:
            invoice = payments.find_invoice(session, args.number)
            payments.record_payment(
                session, invoice.id, amount, PaymentWay(WAYS[args.way]), args.date, args.note, today=today
            )
            state = payments.payment_state(session, invoice.id, today=today)
        left = payments.money_text(state.open, state.currency)
        print(f"Rögzítve: {args.number} – {state.status}" + (f", még nyitott: {left}" if state.open else ""))
        return EXIT_OK
    with db.reading() as session:
        states = sorted(
            payments.payment_states(session, today=today).values(),
            key=lambda s: (s.due_date or date.min, s.number),
        )
    if args.open:
        states = [s for s in states if s.open > 0]
    if args.overdue:
        states = [s for s in states if s.overdue]
    if args.json:
        print_json(
            [
                {
                    "number": s.number,
                    "due_date": s.due_date,
                    "currency": s.currency,
                    "to_pay": s.to_pay,
                    "paid": s.paid,
                    "open": s.open,
                    "overdue": s.overdue,
                    "status": s.status,
                }
                for s in states
            ]
        )
        return EXIT_OK
    print_table(
        ["Számla", "Határidő", "Fizetendő", "Fizetve", "Nyitott", "Állapot"],
        [
            (
                s.number,
                s.due_date,
                format_money(s.to_pay, s.currency),
                format_money(s.paid, s.currency),
                format_money(s.open, s.currency),
                s.status,
            )
            for s in states
        ],
    )
    return EXIT_OK
