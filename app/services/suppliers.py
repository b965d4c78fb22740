"""Szállítók: the suppliers goods are received from (create, edit, find, delete)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.documents import Document
from app.db.partners import Supplier
from app.errors import NotFoundError, ValidationError
from app.services.field_checks import check_texts
from app.values.tax_numbers import problem

LABELS = {
    "name": "név",
    "country": "ország",
    "postal_code": "irányítószám",
    "city": "település",
    "street": "utca, házszám",
    "tax_number": "adószám",
    "bank_account": "bankszámlaszám",
    "contact_name": "kapcsolattartó",
    "email": "e-mail cím",
    "phone": "telefonszám",
    "note": "megjegyzés",
}


@dataclass
class SupplierInput:
    name: str
    country: str = "HU"
    postal_code: str = ""
    city: str = ""
    street: str = ""
    tax_number: str = ""
    bank_account: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""


def _apply(session: Session, supplier: Supplier, data: SupplierInput) -> None:
    values = {f.name: str(getattr(data, f.name)).strip() for f in fields(data)}
    if not values["name"]:
        raise ValidationError("A szállító neve nem lehet üres.")
    check_texts(Supplier, values, LABELS, f"A(z) {values['name'][:60]} szállító")
    same = select(Supplier).where(func.lower(Supplier.name) == values["name"].lower())
    if supplier.id is not None:
        same = same.where(Supplier.id != supplier.id)
    if session.scalar(same) is not None:
        raise ValidationError(f"Már van ilyen nevű szállító: {values['name']}")
    if values["email"] and "@" not in values["email"]:
        raise ValidationError(f"Hibás e-mail cím: {values['email']}")
    if (values["country"] or "HU").upper() == "HU":
        wrong = problem(values["tax_number"])
        if wrong:
            raise ValidationError(f"A(z) {values['name']} szállító: {wrong}")
    values["country"] = (values["country"] or "HU").upper()
    for name, value in values.items():
        setattr(supplier, name, value)


def create_supplier(session: Session, data: SupplierInput) -> Supplier:
    supplier = Supplier(name="")
    _apply(session, supplier, data)
    session.add(supplier)
    session.flush()
    return supplier


def update_supplier(session: Session, supplier_id: int, data: SupplierInput) -> Supplier:
    supplier = get_supplier(session, supplier_id)
    _apply(session, supplier, data)
    session.flush()
    return supplier


def get_supplier(session: Session, supplier_id: int) -> Supplier:
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise NotFoundError("A szállító nem található (talán közben törölték).")
    return supplier


def find_supplier(session: Session, name: str) -> Supplier:
    supplier = session.scalar(select(Supplier).where(func.lower(Supplier.name) == name.strip().lower()))
    if supplier is None:
        raise NotFoundError(f"Nincs ilyen szállító: {name}")
    return supplier


def delete_supplier(session: Session, supplier_id: int) -> None:
    supplier = get_supplier(session, supplier_id)
    used = session.scalar(select(func.count(Document.id)).where(Document.supplier_id == supplier_id))
    if used:
        raise ValidationError(
            f"A(z) {supplier.name} szállító nem törölhető, mert {used} bizonylaton szerepel."
        )
    session.delete(supplier)
