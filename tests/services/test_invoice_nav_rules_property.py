"""2,000 random webshop orders invoiced for real: NAV's rules give no ERROR and no WARN on any.

Mixed VAT rates and exemptions, decimal quantities, shipping, handling, coupons, cash rounding,
EUR with a confirmed rate, private, domestic and EU buyers; every tenth invoice is also stornoed.
The same rules (app.nav.rules) run inside ``seal`` before every real invoice is issued.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.bootstrap import open_database
from app.db.catalog import PaymentMethod, ProductKind
from app.db.database import Database
from app.nav import rules
from app.services import documents as docs
from app.services import invoicing
from app.services.customers import CustomerInput, create_customer
from app.services.invoice_corrections import load_chain, storno_invoice
from app.services.invoice_drafts import InvoiceOptions
from tests.services.helpers import make_product, receipt
from tests.services.test_invoicing import BUYER_TAX, TODAY, set_company

# A developer may try fewer while working; CI runs the full 2,000.
EXAMPLES = int(os.environ.get("BOLTHID_NAV_RULE_EXAMPLES", "2000"))
RATES = ["27%", "18%", "5%", "TAM"]


@dataclass
class Shop:
    db: Database
    goods: dict[str, int]
    services: dict[str, int]
    cash: int
    transfer: int
    buyers: dict[str, int]
    count: int = 0


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    folder: Path = tmp_path_factory.mktemp("nav_rules")
    db = open_database(f"sqlite:///{(folder / 'sok.sqlite').as_posix()}")
    with db.transaction() as s:
        set_company(s)
        goods = {}
        for code in RATES:
            product = make_product(s, f"ARU-{code.strip('%')}", vat_code=code)
            receipt(s, product.id, "1000000")
            goods[code] = product.id
        services = {
            role: make_product(s, f"SZOLG-{role}", vat_code="27%", kind=ProductKind.SERVICE).id
            for role in ("shipping", "handling", "discount")
        }
        cash = s.scalar(select(PaymentMethod.id).where(PaymentMethod.is_cash.is_(True)))
        transfer = s.scalar(select(PaymentMethod.id).where(PaymentMethod.due_days == 8))
        address: dict[str, Any] = {
            "billing_postal_code": "9021",
            "billing_city": "Győr",
            "billing_street": "Baross út 1.",
        }
        buyers = {
            "private": create_customer(s, CustomerInput(name="Magán Márta", **address)).id,
            "company": create_customer(
                s, CustomerInput(name="Vevő Kft.", is_private=False, tax_number=BUYER_TAX, **address)
            ).id,
            "eu": create_customer(
                s,
                CustomerInput(
                    name="Kunde GmbH",
                    is_private=False,
                    eu_tax_number="DE123456789",
                    billing_country="DE",
                    billing_postal_code="10115",
                    billing_city="Berlin",
                    billing_street="Hauptstr. 1",
                ),
            ).id,
        }
        assert cash is not None and transfer is not None
    yield Shop(db, goods, services, cash, transfer, buyers)
    db.dispose()


money_huf = st.integers(min_value=1, max_value=250_000).map(D)
money_eur = st.integers(min_value=1, max_value=400_000).map(lambda c: D(c) / 100)
quantity = st.one_of(
    st.integers(min_value=1, max_value=12).map(D),
    st.sampled_from([D("0.5"), D("0.25"), D("1.5"), D("2.75"), D("0.125")]),
)


@st.composite
def baskets(draw: st.DrawFn) -> dict[str, object]:
    currency = draw(st.sampled_from(["HUF", "HUF", "HUF", "EUR"]))
    money = money_eur if currency == "EUR" else money_huf
    goods = draw(st.lists(st.tuples(st.sampled_from(RATES), quantity, money), min_size=1, max_size=6))
    extras = {role: draw(st.one_of(st.none(), money)) for role in ("shipping", "handling")}
    total = sum((q * p for _r, q, p in goods), D(0))
    share = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=60)))
    discount = -(total * share / 100).quantize(D("1") if currency == "HUF" else D("0.01")) if share else None
    return {
        "currency": currency,
        "rate": draw(st.integers(min_value=35000, max_value=42000).map(lambda r: D(r) / 100)),
        "goods": goods,
        "extras": extras,
        "discount": discount,
        "buyer": draw(st.sampled_from(["private", "company", "eu"])),
        "cash": currency == "HUF" and draw(st.booleans()),
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # CI runs the same 2,000 every time
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(basket=baskets())
def test_random_webshop_orders_pass_navs_rules(shop: Shop, basket: dict[str, object]) -> None:
    currency = str(basket["currency"])
    lines = [
        docs.LineInput(q, shop.goods[rate], unit_price=p, price_is_gross=True, vat_code=rate)
        for rate, q, p in basket["goods"]  # type: ignore[attr-defined]
    ]
    for role, amount in basket["extras"].items():  # type: ignore[attr-defined]
        if amount:
            lines.append(
                docs.LineInput(D(1), shop.services[role], unit_price=amount, price_is_gross=True, role=role)
            )
    if basket["discount"]:
        lines.append(
            docs.LineInput(
                D(1),
                shop.services["discount"],
                unit_price=basket["discount"],  # type: ignore[arg-type]
                price_is_gross=True,
                role="discount",
            )
        )
    rate = basket["rate"] if currency == "EUR" else D(1)
    with shop.db.issuing() as s:
        order = docs.create_customer_order(
            s,
            docs.DocumentInput(
                lines=lines,
                customer_id=shop.buyers[str(basket["buyer"])],
                payment_method_id=shop.cash if basket["cash"] else shop.transfer,
                currency=currency,
                exchange_rate=rate,  # type: ignore[arg-type]
            ),
        )
        options = InvoiceOptions(exchange_rate=rate if currency == "EUR" else None)  # type: ignore[arg-type]
        # ``seal`` runs NAV's rules and refuses any ERROR or WARN: issuing at all is the assertion.
        invoice = invoicing.invoice_from_order(s, order.id, options, today=TODAY)
        assert rules.check(invoice.nav_xml.encode(), today=TODAY) == []
        shop.count += 1
        if shop.count % 10 == 0:
            chain = load_chain(s, invoice.id).state()
            storno = storno_invoice(s, invoice.id, today=TODAY)
            assert rules.check(storno.nav_xml.encode(), "STORNO", chain=chain, today=TODAY) == []
