"""`bolthid company show|set`: Saját cégadatok from the command line (a server without a screen)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import print_json, print_table

# Command-line option → company field.
OPTIONS = {
    "name": "name",
    "tax_number": "tax_number",
    "eu_tax_number": "eu_tax_number",
    "postal_code": "postal_code",
    "city": "city",
    "street": "street",
    "country": "country",
    "bank_account": "bank_account",
    "email": "email",
    "phone": "phone",
    "vat_status": "vat_status",
}
VAT_STATUS_WORDS = {"normal": "normal", "aam": "aam", "cash-accounting": "cash_accounting"}


def add_parser(sub: Any) -> None:
    p_company = sub.add_parser("company", help="Saját cégadatok (az eladó minden számlán)")
    company_sub = p_company.add_subparsers(dest="company_command", required=True)
    p_show = company_sub.add_parser("show", help="a cégadatok kiírása")
    p_show.add_argument("--json", action="store_true")
    p_set = company_sub.add_parser("set", help="cégadatok módosítása (csak a megadott mezők)")
    for option in OPTIONS:
        if option == "vat_status":
            continue
        p_set.add_argument(f"--{option.replace('_', '-')}", dest=option)
    p_set.add_argument(
        "--vat-status",
        dest="vat_status",
        choices=list(VAT_STATUS_WORDS),
        help="normal (ÁFA-körös), aam (alanyi adómentes), cash-accounting (pénzforgalmi elszámolás)",
    )
    p_set.add_argument("--json", action="store_true")


def run(db: Any, args: argparse.Namespace) -> int:
    from app.services import masterdata

    if args.company_command == "set":
        changes = {
            field: getattr(args, option)
            for option, field in OPTIONS.items()
            if getattr(args, option, None) is not None
        }
        if "vat_status" in changes:
            changes["vat_status"] = VAT_STATUS_WORDS[changes["vat_status"]]
        with db.transaction() as session:
            values = masterdata.update_company(session, changes)
    else:
        with db.reading() as session:
            values = masterdata.read_company(session)
    if args.json:
        print_json(values)
    else:
        labels = {f.name: f.label for f in masterdata.COMPANY_FIELDS}
        print_table(["Adat", "Érték"], [(labels[k], v) for k, v in values.items()])
    return 0
