"""Payment and shipping methods: by the shop's mapping, else by name; new ones are created once."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.catalog import PaymentMethod, ShippingMethod
from app.db.database import Database
from app.sync.matching.mappings import set_mapping
from app.sync.matching.methods import adopt_shop_methods, match_payment, match_shipping
from app.unas.records import ShopMethod
from tests.sync.matching.records import add_test_shop


def test_a_known_method_is_found_by_name_whatever_the_case(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        before = s.scalar(select(func.count()).select_from(PaymentMethod))
        found = match_payment(s, shop_id, "  utánvét ", "cod")
        assert found is not None and found.name == "Utánvét"
        assert s.scalar(select(func.count()).select_from(PaymentMethod)) == before


def test_a_new_cash_method_rounds_and_a_transfer_gets_its_due_days(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        cash = match_payment(s, shop_id, "Fizetés átvételkor a boltban", "cash")
        transfer = match_payment(s, shop_id, "Átutalás előre", "transfer")
        card = match_payment(s, shop_id, "SimplePay", "card")
        assert cash is not None and transfer is not None and card is not None
        assert (cash.is_cash, transfer.is_cash, card.is_cash) == (True, False, False)
        assert (transfer.due_days, card.due_days) == (8, 0)


def test_the_shops_mapping_wins_over_the_name(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        gls = match_shipping(s, shop_id, "GLS futár")
        assert gls is not None
        set_mapping(s, shop_id, "shipping", "Házhozszállítás", gls.id)
        mapped = match_shipping(s, shop_id, "házhozszállítás")
        assert mapped is not None and mapped.id == gls.id
        assert (
            s.scalar(
                select(func.count())
                .select_from(ShippingMethod)
                .where(ShippingMethod.name == "Házhozszállítás")
            )
            == 0
        )


def test_no_method_name_is_no_method(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.reading() as s:
        assert match_payment(s, shop_id, None, None) is None and match_shipping(s, shop_id, "") is None


def test_downloaded_methods_are_adopted_once(db: Database) -> None:
    shop_id = add_test_shop(db)
    methods = [
        ShopMethod("1", "Foxpost csomagautomata", "shipping"),
        ShopMethod("2", "Kártya a futárnál", "payment", "card"),
        ShopMethod("3", "Foxpost csomagautomata", "shipping"),
    ]
    with db.transaction() as s:
        assert adopt_shop_methods(s, shop_id, methods) == 2
    with db.transaction() as s:
        assert adopt_shop_methods(s, shop_id, methods) == 0
