"""Webáruház szinkron end to end: sandbox over HTTP → customer-order documents, SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.catalog import PaymentMethod, Product, VatRate
from app.db.database import Database
from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.partners import Customer
from app.db.shop_links import ShopOrderLink
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopData, ShopState
from app.services import documents as docs
from app.services.stock import stock_level
from app.sync import order_sync, shops
from app.sync.matching.mappings import set_mapping
from app.sync.order_sync import sync_orders

BUDAPEST_SUMMER = 7200


@pytest.fixture(scope="module")
def base_data() -> ShopData:
    data = generate(products=15, orders=0, seed=11, customers=6)
    return data


@pytest.fixture
def sandbox(base_data: ShopData) -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(copy.deepcopy(base_data))).start()
    yield server
    server.stop()


@pytest.fixture
def creds(tmp_path) -> CredentialStore:
    return CredentialStore(tmp_path, use_keyring=False)


def _add_shop(db: Database, creds: CredentialStore, sandbox: SandboxServer, **kw: Any) -> int:
    order_sync._status_cache.clear()
    return shops.add_shop(
        db,
        creds,
        shops.ShopSettings(
            name=kw.pop("name", "Teszt bolt"), base_url=sandbox.base_url, import_since=date(2020, 1, 1), **kw
        ),
        "sandbox-api-key",
    )


def _sync(db: Database, creds: CredentialStore, shop_id: int) -> order_sync.OrderSyncReport:
    return sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))


def _line(sku: str, name: str, qty: str, gross: str, vat: str = "27%", **extra: Any) -> dict[str, Any]:
    rate = D(vat.rstrip("%")) if vat.endswith("%") else D(0)
    net = (D(gross) / (1 + rate / 100)).quantize(D("0.0001"))
    return {
        "id": sku,
        "sku": sku,
        "name": name,
        "unit": "db",
        "quantity": qty,
        "price_gross": gross,
        "price_net": str(net),
        "vat": vat,
        **extra,
    }


def _place(sandbox: SandboxServer, items: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    customer = kw.pop("customer", None) or {
        "id": None,
        "email": "vendeg@example.hu",
        "name": "Vendég Vilma",
        "invoice": {
            "Name": "Vendég Vilma",
            "ZIP": "1111",
            "City": "Budapest",
            "Street": "Fő u. 1.",
            "CountryCode": "hu",
            "CustomerType": "private",
        },
        "shipping": {"Name": "Vendég Vilma", "ZIP": "1111", "City": "Budapest", "Street": "Fő u. 1."},
    }
    return sandbox.place_order(
        items=items,
        customer=customer,
        invoice_status=kw.pop("invoice_status", 1),
        status_id=kw.pop("status_id", 1),
        comments=kw.pop("comments", []),
        customer_comment=kw.pop("customer_comment", None),
        **kw,
    )


def _orders(db: Database) -> list[Document]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER).order_by(Document.id)
            )
        )


def _lines(db: Database, doc_id: int) -> list[Any]:
    with db.reading() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        return list(doc.lines)


def test_service_lines_become_service_items(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox, series_prefix="WEB")
    _place(
        sandbox,
        [
            _line("DEMO-0001", "Termék", "2", "12700"),
            _line("shipping-cost", "Szállítási költség", "1", "1270"),
            _line("discount-percent", "Kedvezmény (10%)", "1", "-2540", percent="10"),
            _line("discount-amount", "Kedvezmény (összegszerű)", "1", "-127"),
            _line("handel-cost", "Fizetéssel kapcsolatos kezelési költség", "1", "127"),
        ],
        customer_comment="Délután hozzák",
        comments=[("admin", "Törzsvásárló")],
    )
    report = _sync(db, creds, shop_id)
    assert (report.created, report.errors, report.held) == (1, 0, 0), report.messages
    [doc] = _orders(db)
    assert doc.number.startswith("WEB-") and doc.header_note.startswith("Webáruház rendelés: ")
    assert (
        "Vevő megjegyzése: Délután hozzák" in doc.internal_note
        and "Bolti megjegyzés: Törzsvásárló" in doc.internal_note
    )
    lines = _lines(db, doc.id)
    assert [ln.name for ln in lines][1:] == [
        "Szállítási költség",
        "Kedvezmény (10%)",
        "Kedvezmény (összegszerű)",
        "Fizetéssel kapcsolatos kezelési költség",
    ]
    assert [ln.product_code for ln in lines][1:] == [
        "SZALLITASI-DIJ",
        "KEDVEZMENY-SZAZALEK",
        "KEDVEZMENY-OSSZEG",
        "KEZELESI-KOLTSEG",
    ]
    assert [ln.gross_amount for ln in lines] == [D(25400), D(1270), D(-2540), D(-127), D(127)]
    assert doc.gross_total == D(24130) and doc.warnings == ""
    assert not any(ln.stock_item for ln in lines[1:])
    with db.reading() as s:
        product = s.scalar(select(Product).where(Product.code == "DEMO-0001"))
        assert product is not None and product.webshop and not product.stock_recorded
        assert stock_level(s, product.id).reserved == D(2)


def test_variant_marketplace_and_eur_orders(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    _place(sandbox, [_line("DEMO-0002", "Póló", "1", "5990", variants=None)])
    sandbox.state.data.orders[-1]["items"][0]["variants"] = [("Szín", "Piros"), ("Méret", "XL")]
    emag = _place(sandbox, [_line("DEMO-0003", "Lámpa", "1", "8990")])
    emag["internal_key"], emag["key"] = emag["key"], "EMAG-123456"
    _place(sandbox, [_line("DEMO-0004", "Kés", "2", "19.99")], currency="EUR", exchange_value="0.00254453")
    report = _sync(db, creds, shop_id)
    assert report.created == 3, report.messages
    first, market, eur = _orders(db)
    assert _lines(db, first.id)[0].name == "Póló (Szín: Piros, Méret: XL)"
    assert "EMAG-123456" in market.header_note and emag["internal_key"] in market.header_note
    with db.reading() as s:
        link = s.scalar(select(ShopOrderLink).where(ShopOrderLink.document_id == market.id))
        assert (
            link is not None and link.order_key == emag["internal_key"] and link.display_key == "EMAG-123456"
        )
    assert eur.currency == "EUR" and eur.gross_total == D("39.98") and eur.exchange_rate == D("392.9999")


def test_unknown_vat_is_held_then_imported_after_mapping(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    _place(sandbox, [_line("DEMO-0005", "Könyv", "1", "3000", vat="0%")])
    report = _sync(db, creds, shop_id)
    assert (report.created, report.held) == (0, 1)
    [held] = [m for m in report.messages if "ismeretlen ÁFA-kód" in m]
    assert "„0%”" in held
    assert _orders(db) == []
    with db.transaction() as s:
        aam = s.scalar(select(VatRate).where(VatRate.code == "AAM"))
        set_mapping(s, shop_id, "vat", "0%", aam.id)  # type: ignore[union-attr]
    report = _sync(db, creds, shop_id)  # Újrapróbálás: the held order is fetched again by key
    assert report.created == 1
    [doc] = _orders(db)
    line = _lines(db, doc.id)[0]
    assert (line.vat_code, line.vat_amount, line.gross_amount) == ("AAM", D(0), D(3000))


def test_customers_repeat_and_namesake(db: Database, sandbox: SandboxServer, creds: CredentialStore) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    company: dict[str, Any] = {
        "id": None,
        "email": "Iroda@Example.hu",
        "name": "Kovács Kft.",
        "invoice": {
            "Name": "Kovács  Kft.",
            "City": "Pécs",
            "TaxNumber": "12345678-2-02",
            "EUTaxNumber": "HU12345678",
            "CustomerType": "company",
        },
        "shipping": {},
    }
    _place(sandbox, [_line("DEMO-0001", "A", "1", "100")], customer=company)
    _place(
        sandbox,
        [_line("DEMO-0001", "A", "1", "100")],
        customer={
            **company,
            "email": "iroda@example.hu ",
            "invoice": {**company["invoice"], "Name": "kovács kft."},
        },
    )
    _place(sandbox, [_line("DEMO-0001", "A", "1", "100")], customer={**company, "email": "masik@example.hu"})
    assert _sync(db, creds, shop_id).created == 3
    with db.reading() as s:
        customers = list(s.scalars(select(Customer).order_by(Customer.id)))
    assert [c.email.lower().strip() for c in customers] == ["iroda@example.hu", "masik@example.hu"]
    assert customers[0].tax_number == "12345678-2-02" and not customers[0].is_private
    # A match never overwrites what the user typed.
    with db.transaction() as s:
        c = s.get(Customer, customers[0].id)
        c.billing_city = "Kaposvár"  # type: ignore[union-attr]
    _place(sandbox, [_line("DEMO-0001", "A", "1", "100")], customer=company)
    _sync(db, creds, shop_id)
    with db.reading() as s:
        assert s.get(Customer, customers[0].id).billing_city == "Kaposvár"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Customer)) == 2


def test_cancellation_in_the_shop_releases_the_reservation(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    order = _place(sandbox, [_line("DEMO-0006", "X", "3", "1000")])
    _sync(db, creds, shop_id)
    [doc] = _orders(db)
    order["status_id"] = 4  # Törölve (close_fault)
    order["date_mod"] = time.time()
    report = _sync(db, creds, shop_id)
    assert report.updated == 1 and "felszabadult" in " ".join(report.messages)
    [doc] = _orders(db)
    assert doc.status == DocumentStatus.CANCELLED
    with db.reading() as s:
        product = s.scalar(select(Product).where(Product.code == "DEMO-0006"))
        assert stock_level(s, product.id).reserved == D(0)  # type: ignore[union-attr]


def test_an_order_the_user_edited_is_not_overwritten(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    order = _place(sandbox, [_line("DEMO-0007", "Y", "1", "1000")])
    _sync(db, creds, shop_id)
    [doc] = _orders(db)
    product_id = _lines(db, doc.id)[0].product_id
    with db.transaction() as s:
        docs.update_customer_order(
            s,
            doc.id,
            docs.DocumentInput(
                lines=[docs.LineInput(D(5), product_id, unit_price=D(900), price_is_gross=True)],
                header_note=doc.header_note,
                internal_note="módosítva",
            ),
        )
    order["status_id"] = 2
    order["date_mod"] = time.time()
    _sync(db, creds, shop_id)
    [doc] = _orders(db)
    assert doc.internal_note == "módosítva" and _lines(db, doc.id)[0].quantity == D(5)


def test_a_reused_key_is_a_new_order(db: Database, sandbox: SandboxServer, creds: CredentialStore) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    sandbox.set_readings(reuse_deleted_keys=True)
    first = _place(sandbox, [_line("DEMO-0008", "Z", "1", "1000")], date=time.time() - 3600)
    _sync(db, creds, shop_id)
    first["deleted"] = True
    sandbox.state.data.deleted_order_keys.append(first["key"])
    second = _place(sandbox, [_line("DEMO-0009", "W", "2", "2000")])
    assert second["key"] == first["key"]
    assert _sync(db, creds, shop_id).created == 1
    assert len(_orders(db)) == 2


def test_the_dst_hour(db: Database, sandbox: SandboxServer, creds: CredentialStore) -> None:
    """Two orders in the repeated autumn hour (02:30 CEST and 02:30 CET) are two documents."""
    shop_id = _add_shop(db, creds, sandbox)
    summer = datetime(2026, 10, 25, 0, 30, tzinfo=UTC).timestamp()  # 02:30 CEST
    winter = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).timestamp()  # 02:30 CET, an hour later
    _place(sandbox, [_line("DEMO-0010", "Q", "1", "100")], date=summer, date_mod=summer)
    _place(sandbox, [_line("DEMO-0010", "Q", "1", "100")], date=winter, date_mod=winter)
    report = _sync(db, creds, shop_id)
    # Local times are ambiguous in the shop's answer; both orders still arrive exactly once.
    assert report.created == 2, report.messages
    assert _sync(db, creds, shop_id).created == 0


def test_billable_only_shop_takes_an_order_once_it_becomes_billable(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox, billable_only=True)
    order = _place(sandbox, [_line("DEMO-0011", "B", "1", "100")], invoice_status=0)
    assert _sync(db, creds, shop_id).created == 0
    order["invoice_status"] = 1
    order["date_mod"] = time.time()
    assert _sync(db, creds, shop_id).created == 1


def test_a_backlog_of_more_than_500_orders(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    for n in range(520):
        _place(sandbox, [_line(f"DEMO-{n % 15 + 1:04d}", "T", "1", "100")], date=time.time() - 86400 + n)
    report = _sync(db, creds, shop_id)
    assert report.created == 520 and report.complete
    assert sum(1 for c in sandbox.state.calls if c["endpoint"] == "getOrder") == 2  # ⌈520/500⌉
    assert _sync(db, creds, shop_id).created == 0
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ShopOrderLink)) == 520
        assert (s.scalar(select(func.count()).select_from(PaymentMethod)) or 0) >= 4


def test_mapping_from_the_command_line_releases_a_held_order(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    import json
    import subprocess
    import sys

    shop_id = _add_shop(db, creds, sandbox, name="Parancssor")
    _place(sandbox, [_line("DEMO-0012", "Könyv", "1", "3000", vat="ÁFA mentes")])
    assert _sync(db, creds, shop_id).held == 1

    def bolthid(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", db.url, *args], capture_output=True, text=True
        )

    bad = bolthid("shop", "map", "Parancssor", "--kind", "vat", "--shop-value", "ÁFA mentes", "--to", "0%")
    assert bad.returncode == 1 and "Nincs ilyen ÁFA-kulcs: 0%" in bad.stderr
    ok = bolthid("shop", "map", "Parancssor", "--kind", "vat", "--shop-value", "ÁFA  mentes", "--to", "TAM")
    assert ok.returncode == 0, ok.stderr
    assert _sync(db, creds, shop_id).created == 1
    listed = json.loads(bolthid("shop", "list", "--json").stdout)
    assert listed[0]["name"] == "Parancssor" and listed[0]["series_prefix"] == "PARANC"


def test_open_order_deleted_in_the_shop_is_flagged_once_a_day(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    gone = _place(sandbox, [_line("DEMO-0013", "Eltűnő", "2", "1000")])
    _place(sandbox, [_line("DEMO-0014", "Marad", "1", "1000")])
    assert _sync(db, creds, shop_id).created == 2
    gone["deleted"] = True  # deleted in the shop admin: getOrder no longer returns it
    client = shops.shop_client(db, creds, shop_id)
    assert order_sync.check_open_orders(db, shop_id, client) == []  # checked during the sync already today
    flagged = order_sync.check_open_orders(db, shop_id, client, force=True)
    assert len(flagged) == 1 and "már nem található" in flagged[0]
    first, second = _orders(db)
    assert "már nem található" in first.warnings and second.warnings == ""
    assert first.status == DocumentStatus.OPEN  # released only when the user confirms (cancels)
    with db.transaction() as s:
        docs.cancel_customer_order(s, first.id)
        product = s.scalar(select(Product).where(Product.code == "DEMO-0013"))
        assert stock_level(s, product.id).reserved == D(0)  # type: ignore[union-attr]


def test_methods_are_downloaded_once_a_day_and_created(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    from app.db.catalog import ShippingMethod

    shop_id = _add_shop(db, creds, sandbox)
    first = _sync(db, creds, shop_id)
    _sync(db, creds, shop_id)
    method_calls = [c for c in sandbox.state.calls if c["endpoint"] == "getMethod"]
    assert len(method_calls) == 1, "the second run uses the downloaded methods"
    assert any("fizetési/szállítási mód" in m for m in first.messages)
    with db.reading() as s:
        cod = s.scalar(select(PaymentMethod).where(PaymentMethod.name == "Utánvét"))
        transfer = s.scalar(select(PaymentMethod).where(PaymentMethod.name == "Banki átutalás"))
        gls = s.scalar(select(ShippingMethod).where(ShippingMethod.name == "GLS futárszolgálat"))
        cash = s.scalar(select(PaymentMethod).where(PaymentMethod.name == "Készpénz (személyes átvétel)"))
    assert cash is not None and cash.is_cash
    assert cod is not None and not cod.is_cash
    assert transfer is not None and not transfer.is_cash and transfer.due_days == 8
    assert gls is not None
    # an order paid by a downloaded method uses that method, no second one is made
    _place(
        sandbox,
        [_line("SKU-M1", "Bögre", "1", "1270")],
        payment={"id": 12, "name": "Utánvét", "type": "cod", "status": "unpaid"},
        shipping={"id": 21, "name": "GLS futárszolgálat"},
    )
    with db.transaction() as s:
        from app.db.shops import Shop

        s.get(Shop, shop_id).methods_synced_at = None  # type: ignore[union-attr]
    _sync(db, creds, shop_id)
    (doc,) = _orders(db)
    with db.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(PaymentMethod).where(PaymentMethod.name == "Utánvét"))
            == 1
        )
    assert doc.payment_method_id == cod.id
    assert doc.shipping_method_id == gls.id


def test_sync_orders_json_from_the_command_line(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, monkeypatch, capsys
) -> None:
    import json

    from app import cli

    _add_shop(db, creds, sandbox)
    _place(sandbox, [_line("DEMO-0001", "Bögre", "1", "1270")])
    monkeypatch.setattr("app.credentials.CredentialStore", lambda *a, **k: creds)
    assert cli.run(["--db", db.url, "sync", "orders", "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["created"] == 1 and record["events"][0]["kind"] == "order"
