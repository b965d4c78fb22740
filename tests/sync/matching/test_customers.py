"""Customer matching: registered buyers by their shop id, guests by billing name + e-mail."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.database import Database
from app.db.partners import Customer
from app.db.shop_links import ShopCustomerLink
from app.sync.matching.customers import match_customer
from tests.sync.matching.records import add_test_shop, buyer, order


def _count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Customer)) or 0


def test_a_guest_is_found_again_by_name_and_email_whatever_the_case_and_spaces(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        first = match_customer(s, shop_id, order(customer=buyer("Kiss  Anna", "Anna@Example.HU")))
    with db.transaction() as s:
        again = match_customer(s, shop_id, order(customer=buyer("kiss anna", " anna@example.hu ")))
    assert again == first and _count(db) == 1


def test_the_same_email_with_another_name_is_another_customer(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        anna = match_customer(s, shop_id, order(customer=buyer("Kiss Anna", "csalad@example.hu")))
        bela = match_customer(s, shop_id, order(customer=buyer("Kiss Béla", "csalad@example.hu")))
    assert anna != bela


def test_a_registered_buyer_is_found_by_shop_id_after_changing_name_and_email(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        first = match_customer(s, shop_id, order(customer=buyer("Nagy Éva", "eva@example.hu", "77")))
    with db.transaction() as s:
        moved = match_customer(s, shop_id, order(customer=buyer("Kovácsné Nagy Éva", "uj@example.hu", "77")))
        links = s.scalar(select(func.count()).select_from(ShopCustomerLink))
    assert moved == first and links == 1


def test_a_match_fills_only_empty_fields_and_never_overwrites_the_users(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        customer = s.get(Customer, match_customer(s, shop_id, order(customer=buyer(city="Pécs"))))
        assert customer is not None
        customer.phone = "+36 1 234 5678"  # typed by the user
        customer.billing_street = "Saját utca 9."
    with db.transaction() as s:
        shop_buyer = buyer(city="Győr", street="Webes út 2.")
        again = s.get(Customer, match_customer(s, shop_id, order(customer=shop_buyer)))
        assert again is not None
        assert (again.phone, again.billing_street, again.billing_city) == (
            "+36 1 234 5678",
            "Saját utca 9.",
            "Pécs",
        )


def test_a_company_is_created_as_a_company(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        company = s.get(
            Customer,
            match_customer(
                s, shop_id, order(customer=buyer("Bolt Kft.", "iroda@bolt.hu", customer_type="company"))
            ),
        )
        private = s.get(Customer, match_customer(s, shop_id, order(customer=buyer())))
        assert company is not None and private is not None
        assert (company.is_private, private.is_private) == (False, True)


def test_a_repeat_buyer_with_nothing_new_is_not_written_again(db: Database) -> None:
    """The fill is one conditional UPDATE: when no field is empty, no row changes (no updated_at bump)."""
    shop_id = add_test_shop(db)
    shop_buyer = buyer("Tóth Ida", "ida@example.hu", "91", city="Eger", street="Fő u. 1.")
    with db.transaction() as s:
        first = match_customer(s, shop_id, order(customer=shop_buyer))
    with db.reading() as s:
        before = s.scalar(select(Customer.updated_at).where(Customer.id == first))
    with db.transaction() as s:
        assert match_customer(s, shop_id, order(customer=shop_buyer)) == first
    with db.reading() as s:
        assert s.scalar(select(Customer.updated_at).where(Customer.id == first)) == before
