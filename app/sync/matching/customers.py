"""Customers: registered shop customers by shop id; everyone else by billing name + e-mail."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.partners import Customer
from app.db.shop_links import ShopCustomerLink
from app.unas.records import Address, ShopOrder


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _billing_name(order: ShopOrder) -> str:
    c = order.customer
    return (c.invoice_address.name or c.contact_name or c.email or "Webáruházas vevő").strip()


def match_customer(session: Session, shop_id: int, order: ShopOrder) -> Customer:
    """Find or create the buyer; a match only fills empty fields, never overwrites the user's."""
    c = order.customer
    customer = None
    if c.id:
        customer = session.scalar(
            select(Customer)
            .join(ShopCustomerLink, ShopCustomerLink.customer_id == Customer.id)
            .where(ShopCustomerLink.shop_id == shop_id, ShopCustomerLink.shop_customer_id == c.id)
            .execution_options(populate_existing=True)
        )
    name = _billing_name(order)
    if customer is None:
        # populate_existing: a long-lived sync session must see what the user typed meanwhile.
        candidates = session.scalars(
            select(Customer)
            .where(func.lower(Customer.email) == (c.email or "").strip().lower())
            .execution_options(populate_existing=True)
        )
        customer = next((x for x in candidates if _norm(x.name) == _norm(name)), None)
    if customer is None:
        customer = Customer(name=name, email=(c.email or "").strip())
        session.add(customer)
    _fill_empty(customer, order)
    session.flush()
    if (
        c.id
        and session.scalar(
            select(ShopCustomerLink.id).where(
                ShopCustomerLink.shop_id == shop_id, ShopCustomerLink.shop_customer_id == c.id
            )
        )
        is None
    ):
        session.add(ShopCustomerLink(shop_id=shop_id, shop_customer_id=c.id, customer_id=customer.id))
        session.flush()
    return customer


def _fill_empty(customer: Customer, order: ShopOrder) -> None:
    c = order.customer
    inv: Address = c.invoice_address
    ship: Address = c.shipping_address
    is_company = inv.customer_type == "company" or bool(inv.tax_number)
    values = {
        "phone": c.phone or c.mobile,
        "tax_number": inv.tax_number,
        "eu_tax_number": inv.eu_tax_number,
        "billing_country": (inv.country_code or "").upper()[:2] or None,
        "billing_postal_code": inv.zip,
        "billing_city": inv.city,
        "billing_street": inv.street,
        "shipping_name": ship.name,
        "shipping_country": (ship.country_code or "").upper()[:2] or None,
        "shipping_postal_code": ship.zip,
        "shipping_city": ship.city,
        "shipping_street": ship.street,
    }
    for field, value in values.items():
        current = getattr(customer, field, None)
        # Country codes default to "HU": they count as empty for filling.
        empty = current in (None, "") or (field.endswith("_country") and current == "HU")
        if value and empty:
            setattr(customer, field, value)
    if customer.id is None:
        customer.is_private = not is_company
