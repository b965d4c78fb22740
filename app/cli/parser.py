"""The command line's arguments: every `bolthid …` command and its Hungarian help."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import __version__
from app.cli import hungarian_argparse
from app.cli.arg_types import iso_date

LIST_KINDS = (
    "products",
    "customers",
    "orders",
    "invoices",
    "receipts",
    "suppliers",
    "transfers",
    "stock_counts",
    "stock_report",
)


def build_parser() -> argparse.ArgumentParser:
    hungarian_argparse.install()
    parser = argparse.ArgumentParser(
        prog="bolthid",
        description="Bolthíd ügyviteli program. Paraméter nélkül a grafikus felület indul.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Bolthíd {__version__}",
        help="a program verziója, majd kilépés",
    )
    parser.add_argument(
        "--db", metavar="URL", help="adatbázis URL (alapértelmezés: BOLTHID_DB vagy a helyi SQLite)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="megnyitja a főablakot, majd kilép (telepítés ellenőrzéséhez)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="tesztelési üzemmód: a beépített tesztbolt indul demóadatokkal (friss adatbázisnál)",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser(
        "demo", help="grafikus felület nélküli bemutató: tesztbolt, rendelésszinkron, termékküldés"
    )
    sub.add_parser("migrate", help="az adatbázis frissítése a legújabb szerkezetre (előtte mentés)")
    p_list = sub.add_parser("list", help="lista kiírása")
    p_list.add_argument("what", choices=LIST_KINDS)
    p_list.add_argument("--json", action="store_true", help="JSON kimenet")
    p_stock = sub.add_parser("stock", help="készlet termékenként és raktáranként")
    p_stock.add_argument("--json", action="store_true", help="JSON kimenet")
    p_backup = sub.add_parser("backup", help="mentés az SQLite adatbázisról")
    p_backup.add_argument("path", type=Path)
    p_backup.add_argument(
        "--test-copy",
        action="store_true",
        help="tesztpéldány: új azonosítóval, az eredeti kulcsai és jelszavai nélkül",
    )
    p_restore = sub.add_parser("restore", help="SQLite adatbázis visszaállítása mentésből")
    p_restore.add_argument("path", type=Path)
    p_shop = sub.add_parser("shop", help="webáruházak kezelése")
    shop_sub = p_shop.add_subparsers(dest="shop_command", required=True)
    p_add = shop_sub.add_parser("add", help="webáruház felvétele (nem hívja meg a webáruházat)")
    p_add.add_argument("name")
    key = p_add.add_mutually_exclusive_group(required=True)
    key.add_argument(
        "--api-key",
        help="az API kulcs; „-”: a szabványos bemenetről (a parancssorban megadott kulcs a "
        "folyamatlistában látszik)",
    )
    key.add_argument("--api-key-file", type=Path, help="fájl, amelynek első sora az API kulcs")
    p_add.add_argument("--url", default=None, help="API cím (alapból https://api.unas.eu/shop/)")
    p_add.add_argument("--warehouse", help="a rendelések ebből a raktárból foglalnak")
    p_add.add_argument(
        "--stock-warehouse", action="append", default=[], help="készletküldés raktára (több is)"
    )
    p_add.add_argument("--billable-only", action="store_true", help="csak a számlázható rendelések")
    p_add.add_argument("--series", help="a rendelések sorszám-előtagja")
    p_add.add_argument("--since", type=iso_date, help="az első szinkron ettől a naptól hoz rendelést")
    p_test = shop_sub.add_parser("test", help="belépés a webáruházba (kapcsolatteszt)")
    p_test.add_argument("name")
    p_map = shop_sub.add_parser("map", help="megfeleltetés: a webáruház szava → saját törzsadat")
    p_map.add_argument("name", help="a webáruház neve")
    p_map.add_argument("--kind", choices=["vat", "payment", "shipping", "service"], required=True)
    p_map.add_argument("--shop-value", required=True, help='pl. "0%%" vagy "Utánvét" vagy "shipping-cost"')
    p_map.add_argument("--to", required=True, help="ÁFA-kód, fizetési/szállítási mód neve vagy termékkód")
    p_map.add_argument(
        "--as",
        dest="role",
        choices=["discount", "voucher", "shipping", "handling", "service"],
        help="szolgáltatássornál: mi ez a sor (pl. gift: discount = kedvezmény, voucher = beváltott "
        "utalvány, ami fizetés és nem csökkenti az adóalapot)",
    )
    p_slist = shop_sub.add_parser("list", help="a webáruházak listája")
    p_slist.add_argument("--json", action="store_true")
    p_sync = sub.add_parser("sync", help="szinkronizálás")
    p_sync.add_argument(
        "--loop",
        action="store_true",
        help="automatikus szinkron grafikus felület nélkül (webáruházanként a beállított időközönként), "
        "Ctrl+C vagy SIGTERM állítja le",
    )
    sync_sub = p_sync.add_subparsers(dest="sync_command")
    p_sorders = sync_sub.add_parser("orders", help="Webáruház szinkron: új és módosult rendelések")
    p_sorders.add_argument("--shop", help="csak ez a webáruház (alapból mind)")
    p_sorders.add_argument("--json", action="store_true")
    p_sproducts = sync_sub.add_parser(
        "products", help="Termék szinkron: webáruházas termékek, képek, készlet"
    )
    p_sproducts.add_argument("--shop", help="csak ez a webáruház (alapból mind)")
    p_sproducts.add_argument("--yes", action="store_true", help="az első küldés megerősítése")
    p_sproducts.add_argument("--json", action="store_true")
    p_import = sub.add_parser("import", help="törzsadatok importálása")
    import_sub = p_import.add_subparsers(dest="import_command", required=True)
    p_ifile = import_sub.add_parser("products", help="termékek Excel (.xlsx) vagy CSV fájlból")
    p_ifile.add_argument("file", type=Path)
    p_ifile.add_argument("--dry-run", action="store_true", help="csak ellenőrzés, semmit nem ment")
    p_ifile.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OSZLOP=MEZŐ",
        help="kézi oszlop-megfeleltetés, pl. Ár=net_price",
    )
    p_ishop = import_sub.add_parser("from-shop", help="termékek és készlet egy csatlakoztatott webáruházból")
    p_ishop.add_argument("name", help="a webáruház neve")
    p_ishop.add_argument(
        "--customers",
        action="store_true",
        help="a regisztrált vevőket is (getCustomer), az első szinkron előtt",
    )
    from app.cli import (
        company_commands,
        count_commands,
        invoice_commands,
        nav_commands,
        payment_commands,
        picking_commands,
        purchase_commands,
        transfer_commands,
    )

    invoice_commands.add_parser(sub)
    company_commands.add_parser(sub)
    nav_commands.add_parser(sub)
    payment_commands.add_parser(sub)
    transfer_commands.add_parser(sub)
    purchase_commands.add_parser(sub)
    count_commands.add_parser(sub)
    picking_commands.add_parser(sub)
    sub.add_parser(
        "forget-secrets",
        help="az adatbázis webáruházainak API kulcsai, az SMTP- és a NAV-jelszavak törlése a jelszótárolóból "
        "(eltávolításkor, az adatokkal együtt)",
    )
    p_sandbox = sub.add_parser("sandbox", help="a beépített UNAS-kompatibilis tesztbolt")
    sandbox_sub = p_sandbox.add_subparsers(dest="sandbox_command", required=True)
    p_serve = sandbox_sub.add_parser("serve", help="a tesztbolt indítása a 127.0.0.1 címen")
    p_serve.add_argument("--port", type=int, default=8765)
    p_serve.add_argument("--state", type=Path, help="állapotfájl (alapértelmezés: az adatmappában)")
    p_serve.add_argument("--api-key", help="további elfogadott API kulcs")
    p_serve.add_argument("--products", type=int, default=200, help="termékek száma új állapotfájlnál")
    p_serve.add_argument("--orders", type=int, default=60, help="rendelések száma új állapotfájlnál")
    p_serve.add_argument("--seed", type=int, default=1, help="a demóadatok véletlenmagja")
    return parser
