"""`bolthid shop add|test|map|list`: connecting UNAS shops from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import print_json, print_table


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
        shop_id = shops.add_shop(db, creds, data, args.api_key)
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
