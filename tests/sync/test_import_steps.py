"""The order import's steps one by one, on a real database: policy, VAT first, lines, totals, links."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.documents import Document, DocumentStatus
from app.db.partners import Customer
from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.sync import import_policy
from app.sync.matching.vat import UnknownVatCode
from app.sync.order_import import (
    TOTAL_TOLERANCE,
    comments_text,
    exchange_rate,
    import_order,
    line_name,
    totals_warning,
)
from tests.sync.matching.records import ORDER_TIME, add_test_shop, buyer, line, order

CANCELLED = {"9": "close_fault", "1": "open"}


def _import(db: Database, shop_id: int, shop_order, statuses=None):
    with db.transaction() as s:
        shop = s.get(Shop, shop_id)
        assert shop is not None
        return import_order(s, shop, shop_order, shop_products={}, status_types=statuses or {})


@pytest.mark.parametrize(
    ("options", "changes", "reason"),
    [
        ({"billable_only": True}, {"invoice_status": 0}, import_policy.NOT_BILLABLE),
        ({"billable_only": True}, {"invoice_status": 1}, ""),
        ({"billable_only": False}, {"invoice_status": 0}, ""),
        ({"import_since": date(2026, 11, 21)}, {}, import_policy.BEFORE_START),
        ({"import_since": date(2026, 11, 20)}, {}, ""),
        ({}, {"status_id": "9"}, import_policy.CANCELLED),
        ({}, {"status_id": "1"}, ""),
    ],
)
def test_the_import_policy(options: dict, changes: dict, reason: str) -> None:
    shop = Shop(name="x", billable_only=False, import_since=date(2020, 1, 1))
    for key, value in options.items():
        setattr(shop, key, value)
    assert import_policy.skip_reason(shop, replace(order(line("A")), **changes), CANCELLED) == reason


def test_an_unknown_vat_code_holds_the_order_before_anything_is_created(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    with pytest.raises(UnknownVatCode):
        _import(
            db, shop_id, order(line("A-1"), line("B-1", vat="0%"), customer=buyer("Új Vevő", "uj@example.hu"))
        )
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.name == "Új Vevő")) == 0
        assert s.scalar(select(func.count()).select_from(Document)) == 0


def test_totals_within_a_forint_pass_and_more_is_flagged() -> None:
    """The rule that protects the buyer's total: more than 1 Ft apart from SumPriceGross is flagged."""
    document = Document(gross_total=D("12700"))
    assert totals_warning(document, order(sum_price_gross=D("12701"))) == ""
    assert totals_warning(document, order(sum_price_gross=D("12699"))) == ""
    assert totals_warning(document, order(sum_price_gross=None)) == ""
    flagged = totals_warning(document, order(sum_price_gross=D("12702")))
    assert "eltér" in flagged and "12702" in flagged
    assert TOTAL_TOLERANCE == 1


def test_an_imported_order_with_a_different_total_carries_the_warning(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    outcome = _import(db, shop_id, order(line("T-1", "1000", qty="2"), sum_price_gross=D("2002")))
    with db.reading() as s:
        document = s.get(Document, outcome.document_id)
        assert document is not None and document.gross_total == D(2000)
        assert "A végösszeg eltér" in document.warnings
        link = s.scalar(select(ShopOrderLink))
        assert link is not None and link.message == document.warnings
    fine = _import(db, shop_id, order(line("T-1", "1000", qty="2"), key="1000-2", sum_price_gross=D("2001")))
    with db.reading() as s:
        assert s.get(Document, fine.document_id).warnings == ""  # type: ignore[union-attr]


def test_lines_are_named_with_their_variants_and_comments_are_kept_once() -> None:
    assert (
        line_name(line("P", variants=(("Méret", "XL"), ("Szín", "kék")))) == "Termék P (Méret: XL, Szín: kék)"
    )
    shop_order = order(
        line("P"),
        customer=replace(buyer(), comment="Csengessen kétszer"),
        comments=(("customer", "Csengessen kétszer"), ("admin", "Törzsvásárló")),
    )
    assert comments_text(shop_order) == "Vevő megjegyzése: Csengessen kétszer\nBolti megjegyzés: Törzsvásárló"


def test_the_shops_exchange_value_becomes_our_rate() -> None:
    assert exchange_rate(order(currency="HUF", exchange_value=D("0.0025"))) == 1
    assert exchange_rate(order(currency="EUR", exchange_value=D("0.0025"))) == D(400)
    assert exchange_rate(order(currency="EUR", exchange_value=None)) == 1


def test_an_order_is_imported_once_then_its_shop_changes_are_applied(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    first = _import(db, shop_id, order(line("K-1", "500", qty="3")))
    assert first.status == "created"
    assert _import(db, shop_id, order(line("K-1", "500", qty="3"))).status == "unchanged"
    cancelled = order(line("K-1", "500", qty="3"), status_id="9", date_mod=ORDER_TIME + timedelta(hours=1))
    changed = _import(db, shop_id, cancelled, CANCELLED)
    assert changed.status == "updated" and "felszabadult" in changed.message
    with db.reading() as s:
        document = s.get(Document, first.document_id)
        assert document is not None and document.status == DocumentStatus.CANCELLED
        assert s.scalar(select(func.count()).select_from(Document)) == 1
