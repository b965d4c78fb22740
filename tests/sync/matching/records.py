"""Shop records built in memory for the matching and import-step unit tests (no shop needed)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any

from app.db.database import Database
from app.sync import shops
from app.unas.records import Address, ShopCustomer, ShopOrder, ShopOrderLine

ORDER_TIME = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def add_test_shop(db: Database, name: str = "Egység bolt", **kw: Any) -> int:
    from app.credentials import CredentialStore

    settings = shops.ShopSettings(name=name, base_url="http://127.0.0.1:9/shop/", **kw)
    return shops.add_shop(db, CredentialStore(use_keyring=False), settings, "kulcs")


def line(
    sku: str | None, gross: str = "1270", qty: str = "1", vat: str | None = "27%", **kw: Any
) -> ShopOrderLine:
    rate = D(vat.rstrip("%")) if vat and vat.endswith("%") else D(0)
    return ShopOrderLine(
        id=kw.pop("id", sku),
        sku=sku,
        name=kw.pop("name", f"Termék {sku}"),
        unit=kw.pop("unit", "db"),
        quantity=D(qty),
        price_net=(D(gross) / (1 + rate / 100)).quantize(D("0.01")),
        price_gross=D(gross),
        vat=vat,
        **kw,
    )


def buyer(
    name: str = "Vendég Vilma",
    email: str = "vilma@example.hu",
    shop_id: str | None = None,
    **invoice: Any,
) -> ShopCustomer:
    address = Address(
        name=invoice.pop("billing_name", name),
        zip=invoice.pop("zip", "1111"),
        city=invoice.pop("city", "Budapest"),
        street=invoice.pop("street", "Fő u. 1."),
        country_code="hu",
        **invoice,
    )
    return ShopCustomer(id=shop_id, email=email, invoice_address=address, shipping_address=address)


def order(*lines: ShopOrderLine, key: str = "1000-1", **kw: Any) -> ShopOrder:
    return ShopOrder(
        key=key,
        date=kw.pop("date", ORDER_TIME),
        date_mod=kw.pop("date_mod", ORDER_TIME),
        customer=kw.pop("customer", buyer()),
        lines=tuple(lines),
        invoice_status=kw.pop("invoice_status", 1),
        **kw,
    )
