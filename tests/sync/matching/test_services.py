"""Service lines (shipping, discounts, handling) → our service items, per shop and line kind."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from app.db.catalog import ProductKind, VatRate
from app.db.database import Database
from app.services import products as product_service
from app.sync.matching.mappings import map_to_name
from app.sync.matching.services import DEFAULT_SERVICES, UnmappedServiceLine, match_service, set_role
from tests.sync.matching.records import add_test_shop


def _vat(s, code: str = "27%") -> VatRate:
    rate = s.scalar(select(VatRate).where(VatRate.code == code))
    assert rate is not None
    return rate


def test_each_line_kind_gets_its_default_service_item_once(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        made = {kind: match_service(s, shop_id, kind, _vat(s))[0] for kind in DEFAULT_SERVICES}
        assert {k: p.code for k, p in made.items()} == {k: code for k, (code, _n) in DEFAULT_SERVICES.items()}
        assert all(p.kind == ProductKind.SERVICE for p in made.values())
    with db.transaction() as s:
        assert match_service(s, shop_id, "shipping-cost", _vat(s))[0].id == made["shipping-cost"].id


def test_a_line_kind_mapped_by_the_user_goes_to_the_chosen_service(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        own = product_service.create_product(
            s,
            product_service.ProductInput(
                code="FUVAR", name="Fuvardíj", gross_price=D(0), kind=ProductKind.SERVICE
            ),
        )
        map_to_name(s, shop_id, "service", "shipping-cost", "FUVAR")
    with db.transaction() as s:
        product, role = match_service(s, shop_id, "Shipping-Cost", _vat(s))
        assert (product.id, role) == (own.id, "shipping")


@pytest.mark.parametrize("kind", ["gift", "csomagolas-dij"])
def test_a_gift_or_unknown_synthetic_line_holds_until_mapped_and_never_becomes_a_product(
    db: Database, kind: str
) -> None:
    shop_id = add_test_shop(db)
    with db.reading() as s, pytest.raises(UnmappedServiceLine) as held:
        match_service(s, shop_id, kind, _vat(s), name="Ajándék", order_key="1001-0000001")
    assert f"„{kind}”" in held.value.user_message and "Újrapróbálás" in held.value.user_message
    assert ("kedvezmény" in held.value.user_message) == (kind == "gift")
    with db.transaction() as s:
        product_service.create_product(
            s,
            product_service.ProductInput(
                code="UTALVANY", name="Beváltott utalvány", gross_price=D(0), kind=ProductKind.SERVICE
            ),
        )
        map_to_name(s, shop_id, "service", kind, "UTALVANY")
    with db.transaction() as s:
        product, role = match_service(s, shop_id, kind, _vat(s))
        assert product.code == "UTALVANY"
        assert role == ("discount" if kind == "gift" else "service")  # the defaults until the user says
        set_role(s, shop_id, kind, "voucher")
    with db.transaction() as s:
        assert match_service(s, shop_id, kind, _vat(s))[1] == "voucher"
