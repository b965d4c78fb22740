"""Webáruház szinkron end to end: sandbox over HTTP → customer-order documents, SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal as D
from typing import Any

from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.catalog import Product, VatRate
from app.db.database import Database
from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.partners import Customer
from app.db.shop_links import ShopOrderLink
from app.sandbox.server import SandboxServer
from app.services import documents as docs
from app.services.stock import stock_level
from app.sync import order_sync, shops
from app.sync.matching.mappings import set_mapping
from app.sync.order_sync import sync_orders

BUDAPEST_SUMMER = 7200


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
