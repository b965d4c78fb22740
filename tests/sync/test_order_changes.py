"""The differences an order form and the log show are written in Hungarian numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import app.db.models  # noqa: F401  (every mapped class, for the relationships)
from app.db.documents import Document, DocumentLine
from app.sync.order_changes import differences
from app.unas.records import ShopOrder, ShopOrderLine


def test_quantities_and_totals_are_hungarian_numbers_never_exponents() -> None:
    document = Document(
        currency="HUF",
        gross_total=D("81440.0000"),
        billing_postal_code="",
        billing_city="",
        billing_street="",
        shipping_postal_code="",
        shipping_city="",
        shipping_street="",
        shipping_point_id="",
    )
    document.lines = [
        DocumentLine(product_code="TALIGA", name="Talicska", quantity=D("10.0000"), stock_item=True)
    ]
    line = ShopOrderLine("1", "TALIGA", "Talicska", "db", D("2.5000"), D(0), D(0), "27%")
    order = ShopOrder(
        key="1", date=datetime(2026, 12, 1, tzinfo=UTC), lines=(line,), sum_price_gross=D("56450")
    )
    found = differences(document, order, None)
    assert "mennyiség: TALIGA 10 → 2,5" in found
    assert "végösszeg: 81\u00a0440 → 56\u00a0450" in found
