"""Customers (vevők): create, edit and delete."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.documents import Document
from app.db.partners import Customer
from app.errors import NotFoundError, ValidationError
from app.services.field_checks import check_texts
from app.values.tax_numbers import eu_problem, problem


@dataclass
class CustomerInput:
    name: str
    email: str = ""
    phone: str = ""
    is_private: bool = True
    tax_number: str = ""
    eu_tax_number: str = ""
    billing_country: str = "HU"
    billing_postal_code: str = ""
    billing_city: str = ""
    billing_street: str = ""
    shipping_name: str = ""
    shipping_country: str = "HU"
    shipping_postal_code: str = ""
    shipping_city: str = ""
    shipping_street: str = ""
    note: str = ""
    # Accepted electronic invoices (NAV invoiceAppearance ELECTRONIC); None: not known.
    electronic_invoice: bool | None = None


LABELS = {
    "name": "név",
    "email": "e-mail cím",
    "phone": "telefonszám",
    "tax_number": "adószám",
    "eu_tax_number": "közösségi adószám",
    "billing_country": "ország",
    "billing_postal_code": "irányítószám",
    "billing_city": "település",
    "billing_street": "utca, házszám",
    "shipping_name": "szállítási név",
    "shipping_country": "szállítási ország",
    "shipping_postal_code": "szállítási irányítószám",
    "shipping_city": "szállítási település",
    "shipping_street": "szállítási utca, házszám",
    "note": "megjegyzés",
}


def _apply(customer: Customer, data: CustomerInput) -> None:
    if not data.name.strip():
        raise ValidationError("A vevő neve nem lehet üres.")
    texts = {f.name: value.strip() for f in fields(data) if isinstance(value := getattr(data, f.name), str)}
    check_texts(Customer, texts, LABELS, f"A(z) {data.name.strip()[:60]} vevő")
    if data.email and "@" not in data.email:
        raise ValidationError(f"Hibás e-mail cím: {data.email}")
    # A company may have no tax number (an association that is not a VAT subject): invoicing asks
    # then. A number that is given must be right.
    domestic = (data.billing_country or "HU").strip().upper() == "HU"
    wrong = (problem(data.tax_number) if domestic else None) or eu_problem(data.eu_tax_number)
    if wrong:
        raise ValidationError(wrong)
    for f in fields(data):
        value = getattr(data, f.name)
        setattr(customer, f.name, value.strip() if isinstance(value, str) else value)


def create_customer(session: Session, data: CustomerInput) -> Customer:
    customer = Customer(name="")
    _apply(customer, data)
    session.add(customer)
    session.flush()
    return customer


def update_customer(session: Session, customer_id: int, data: CustomerInput) -> Customer:
    customer = get_customer(session, customer_id)
    _apply(customer, data)
    session.flush()
    return customer


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError("A vevő nem található (talán közben törölték).")
    return customer


def customer_input_of(customer: Customer) -> CustomerInput:
    return CustomerInput(**{f.name: getattr(customer, f.name) for f in fields(CustomerInput)})


def delete_customer(session: Session, customer_id: int) -> None:
    customer = get_customer(session, customer_id)
    used = session.scalar(select(func.count()).where(Document.customer_id == customer_id))
    if used:
        raise ValidationError(f"A(z) {customer.name} vevő nem törölhető, mert {used} bizonylaton szerepel.")
    session.delete(customer)
