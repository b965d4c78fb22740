"""`bolthid shop add|test|map|list`: connecting UNAS shops from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.output import print_json, print_table


def read_api_key(args: argparse.Namespace) -> str:
    """The key from a file, from standard input ("-"), or – with a warning – from the command line."""
    from app.errors import ValidationError

    if args.api_key_file is not None:
        try:
            lines = args.api_key_file.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise ValidationError(
                f"Az API kulcs fájlja nem olvasható: {args.api_key_file} ({exc.strerror})"
            ) from exc
        key = lines[0].strip() if lines else ""
    elif args.api_key == "-":
        key = sys.stdin.readline().strip()
    else:
        key = args.api_key.strip()
        print(
            "Figyelem: a parancssorban megadott API kulcs más felhasználók számára is látszik a "
            "folyamatlistában; használja inkább az --api-key-file FÁJL vagy az --api-key - (bemenet) módot.",
            file=sys.stderr,
        )
    if not key:
        raise ValidationError("Üres API kulcs: adja meg a UNAS adminban létrehozott kulcsot.")
    return key


def shop_command(db: Any, args: argparse.Namespace) -> int:
    from app.credentials import CredentialStore
    from app.sync import shops

    creds = CredentialStore()
    if args.shop_command == "add":
        with db.reading() as session:
            order_warehouse = shops.warehouse_id(session, args.warehouse)
            stock_warehouses = [shops.warehouse_id(session, name) for name in args.stock_warehouse]
        data = shops.ShopSettings(
            name=args.name,
            base_url=args.url or shops.DEFAULT_UNAS_URL,
            order_warehouse_id=order_warehouse,
            stock_warehouse_ids=stock_warehouses,
            billable_only=args.billable_only,
            series_prefix=args.series or "",
            import_since=args.since,
        )
        shop_id = shops.add_shop(db, creds, data, read_api_key(args))
        print(f"Webáruház felvéve: {args.name} (azonosító: {shop_id}). {creds.describe()}")
        return 0
    if args.shop_command == "map":
        from app.sync.matching.mappings import map_to_name
        from app.sync.matching.services import ROLE_LABELS, set_role

        with db.transaction() as session:
            shop = shops.find_shop(session, args.name)
            map_to_name(session, shop.id, args.kind, args.shop_value, args.to)
            if args.kind == "service" and args.role:
                set_role(session, shop.id, args.shop_value, args.role)
        role = f" ({ROLE_LABELS[args.role]})" if args.kind == "service" and args.role else ""
        print(
            f"Megfeleltetés mentve: „{args.shop_value}” → {args.to}{role}. A várakozó rendeléseket a "
            "következő szinkron újra megpróbálja."
        )
        return 0
    if args.shop_command == "test":
        with db.reading() as session:
            shop_id = shops.find_shop(session, args.name).id
        from app.unas.limits import budget_text

        info = shops.test_connection(db, creds, shop_id)
        print(
            f"Kapcsolat rendben: {info.webshop_name or args.name}, csomag: {info.subscription}, "
            f"jogosultságok: {', '.join(info.permissions)}"
        )
        print(f"Óránkénti keret: {budget_text(info.subscription)}")
        return 0
    with db.reading() as session:
        records = shops.shop_records(session)
    if args.json:
        print_json(records)
    else:
        print_table(
            ["Név", "API cím", "Előtag", "Raktár", "Csak számlázható"],
            [
                (r["name"], r["base_url"], r["series_prefix"], r["order_warehouse"], r["billable_only"])
                for r in records
            ],
        )
    return 0
