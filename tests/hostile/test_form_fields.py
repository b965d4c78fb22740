"""Form fields (the product and customer dialogs call these services): the same limits as the
columns on both databases, each refusal naming the field; nothing saved."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.catalog import Product
from app.db.database import Database
from app.db.partners import Customer
from app.errors import ValidationError
from app.services.customers import CustomerInput, create_customer
from app.services.products import ProductInput, create_product

# (case, fields of the product, what the message says)
PRODUCTS: list[tuple[str, dict[str, Any], str]] = [
    ("name 10000 chars", {"name": "N" * 10_000}, "megnevezés legfeljebb 300"),
    ("name with NUL", {"name": "Rossz\x00név"}, "vezérlőkaraktert"),
    ("code 150 chars", {"code": "K" * 150}, "termékkód legfeljebb 100"),
    ("price NaN", {"gross_price": D("NaN")}, "bruttó ár nem szám"),
    ("price 1e15", {"gross_price": D("1e15")}, "bruttó ár túl nagy"),
    ("price 1e-10", {"gross_price": D("1e-10")}, "legfeljebb 4 tizedesjegyű"),
    ("purchase price Infinity", {"purchase_price": D("Infinity")}, "beszerzési ár nem szám"),
    ("description 70000 chars", {"note": "L" * 70_000}, "leírás legfeljebb 64000"),
]


@pytest.mark.parametrize(("values", "message"), [c[1:] for c in PRODUCTS], ids=[c[0] for c in PRODUCTS])
def test_a_product_field_beyond_its_column_is_refused(
    db: Database, values: dict[str, Any], message: str
) -> None:
    data = ProductInput(**{"code": "URLAP-1", "name": "Űrlap termék", "gross_price": D(1000), **values})
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        create_product(s, data)
    with db.reading() as s:
        assert s.scalar(select(func.count(Product.id))) == 0


CUSTOMERS: list[tuple[str, dict[str, Any], str]] = [
    ("name 300 chars", {"name": "V" * 300}, "név legfeljebb 200"),
    ("e-mail 1000 chars", {"email": "v" * 1000 + "@example.hu"}, "e-mail cím legfeljebb 200"),
    ("city with NUL", {"billing_city": "Buda\x00pest"}, "település vezérlőkaraktert"),
    ("postal code 50 chars", {"billing_postal_code": "1" * 50}, "irányítószám legfeljebb 20"),
    ("note with a bell", {"note": "csengő \x07"}, "megjegyzés vezérlőkaraktert"),
]


@pytest.mark.parametrize(("values", "message"), [c[1:] for c in CUSTOMERS], ids=[c[0] for c in CUSTOMERS])
def test_a_customer_field_beyond_its_column_is_refused(
    db: Database, values: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        create_customer(s, CustomerInput(**{"name": "Űrlap Vevő", **values}))
    with db.reading() as s:
        assert s.scalar(select(func.count(Customer.id))) == 0


def test_line_breaks_and_tabs_stay_allowed_in_free_text(db: Database) -> None:
    with db.transaction() as s:
        create_customer(s, CustomerInput(name="Sortörés Vevő", note="első sor\nmásodik\tsor"))
        create_product(s, ProductInput(code="SOR-1", name="Sor", gross_price=D(10), note="a\r\nb\tc"))
