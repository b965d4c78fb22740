"""Small master tables edited from Törzsadatok: warehouses, VAT rates, payment and shipping methods,
and the own company's data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Product, ShippingMethod, VatKind, VatRate
from app.db.company import Company
from app.db.documents import Document, DocumentLine
from app.db.stock import StockMove, Warehouse
from app.errors import NotFoundError, ValidationError
from app.invoice_data.legal_texts import VAT_STATUSES


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | bool | int | decimal | choice
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Table:
    """One editable master table: its model, its fields, and where its rows are referenced."""

    key: str
    title: str
    model: type
    fields: tuple[Field, ...]
    unique: str
    used_by: tuple[Any, ...] = ()


TABLES: dict[str, Table] = {
    "warehouses": Table(
        "warehouses",
        "Raktár",
        Warehouse,
        (Field("name", "Név"), Field("active", "Aktív", "bool")),
        "name",
        (StockMove.warehouse_id, Document.warehouse_id),
    ),
    "vat_rates": Table(
        "vat_rates",
        "ÁFA-kulcs",
        VatRate,
        (
            Field("code", "Rövid név (pl. 27% vagy AAM)"),
            Field("name", "Megnevezés"),
            Field(
                "kind",
                "Fajta",
                "choice",
                (
                    (VatKind.NORMAL.value, "Százalékos"),
                    (VatKind.EXEMPT.value, "Adómentes"),
                    (VatKind.OUT_OF_SCOPE.value, "Áfa hatályán kívüli"),
                ),
            ),
            Field("percent", "Mérték (%)", "decimal"),
            Field("active", "Aktív", "bool"),
        ),
        "code",
        (Product.vat_rate_id, DocumentLine.vat_rate_id),
    ),
    "payment_methods": Table(
        "payment_methods",
        "Fizetési mód",
        PaymentMethod,
        (
            Field("name", "Név"),
            Field("is_cash", "Készpénzes (0/5 Ft kerekítés)", "bool"),
            Field("due_days", "Fizetési határidő (nap)", "int"),
            Field("active", "Aktív", "bool"),
        ),
        "name",
        (Document.payment_method_id,),
    ),
    "shipping_methods": Table(
        "shipping_methods",
        "Szállítási mód",
        ShippingMethod,
        (Field("name", "Név"), Field("active", "Aktív", "bool")),
        "name",
        (Document.shipping_method_id,),
    ),
}


def read_record(session: Session, table: Table, record_id: int | None) -> dict[str, Any]:
    if record_id is None:
        return {f.name: _default(f) for f in table.fields}
    obj = session.get(table.model, record_id)
    if obj is None:
        raise NotFoundError("A rekord nem található (talán közben törölték).")
    return {f.name: getattr(obj, f.name) for f in table.fields}


def _default(f: Field) -> Any:
    return {
        "bool": True,
        "int": 0,
        "decimal": Decimal(0),
        "choice": f.choices[0][0] if f.choices else "",
    }.get(f.kind, "")


def save_record(session: Session, table: Table, record_id: int | None, values: dict[str, Any]) -> int:
    key_value = str(values.get(table.unique, "")).strip()
    if not key_value:
        raise ValidationError(f"{table.title}: a(z) „{_label(table, table.unique)}” mező nem lehet üres.")
    values = {**values, table.unique: key_value}
    unique_col = getattr(table.model, table.unique)
    model: Any = table.model
    clash = select(model).where(func.lower(unique_col) == key_value.lower())
    if record_id is not None:
        clash = clash.where(model.id != record_id)
    if session.scalar(clash) is not None:
        raise ValidationError(f"{table.title}: „{key_value}” már létezik.")
    if table.model is VatRate:
        _check_vat(values)
    obj = table.model() if record_id is None else session.get(table.model, record_id)
    if obj is None:
        raise NotFoundError("A rekord nem található (talán közben törölték).")
    for f in table.fields:
        setattr(obj, f.name, values[f.name])
    session.add(obj)
    session.flush()
    return int(obj.id)


def _check_vat(values: dict[str, Any]) -> None:
    kind = VatKind(values["kind"])
    percent = Decimal(values["percent"])
    if kind == VatKind.NORMAL and percent <= 0:
        raise ValidationError(
            "Százalékos ÁFA-kulcs mértéke 0-nál nagyobb kell legyen; Magyarországon nincs 0%-os kulcs – "
            "adómentes vagy áfán kívüli ügylethez a megfelelő kódot (AAM, TAM, ATK …) használja."
        )
    if kind != VatKind.NORMAL and percent != 0:
        raise ValidationError("Adómentes vagy áfán kívüli kódnál a mérték 0.")


def delete_record(session: Session, table: Table, record_id: int) -> None:
    obj = session.get(table.model, record_id)
    if obj is None:
        return
    for column in table.used_by:
        if session.scalar(select(func.count()).where(column == record_id)):
            raise ValidationError(
                f"{table.title} „{getattr(obj, table.unique)}” nem törölhető, mert használatban van. "
                "Állítsa inaktívra."
            )
    session.delete(obj)


def _label(table: Table, name: str) -> str:
    return next(f.label for f in table.fields if f.name == name)


COMPANY_FIELDS = (
    Field("name", "Cégnév"),
    Field("postal_code", "Irányítószám"),
    Field("city", "Település"),
    Field("street", "Cím"),
    Field("country", "Ország (kód)"),
    Field("tax_number", "Adószám"),
    Field("eu_tax_number", "Közösségi adószám"),
    Field("vat_status", "ÁFA-státusz", "choice", tuple(VAT_STATUSES.items())),
    Field("bank_account", "Bankszámlaszám"),
    Field("email", "E-mail"),
    Field("phone", "Telefon"),
)
# Saját cégadatok that an invoice cannot go without.
REQUIRED_COMPANY_FIELDS = ("name", "postal_code", "city", "street", "tax_number")


def read_company(session: Session) -> dict[str, Any]:
    company = session.scalar(select(Company).order_by(Company.id))
    if company is None:
        return {f.name: "" for f in COMPANY_FIELDS}
    return {f.name: getattr(company, f.name) for f in COMPANY_FIELDS}


def save_company(session: Session, values: dict[str, str]) -> None:
    """Saját cégadatok from the form: every field. Issued invoices keep their own copy."""
    update_company(session, {f.name: values.get(f.name, "") for f in COMPANY_FIELDS})


def update_company(session: Session, changes: dict[str, str]) -> dict[str, Any]:
    """Change only the fields given (``bolthid company set``); the tax numbers are checked."""
    from app.values.tax_numbers import eu_problem, problem

    names = {f.name for f in COMPANY_FIELDS}
    unknown = set(changes) - names
    if unknown:
        raise ValidationError(f"Ismeretlen cégadat: {', '.join(sorted(unknown))}")
    values = {k: str(v).strip() for k, v in changes.items()}
    if "tax_number" in values:
        wrong = problem(values["tax_number"])
        if wrong:
            raise ValidationError(wrong)
    if "eu_tax_number" in values:
        wrong = eu_problem(values["eu_tax_number"])
        if wrong:
            raise ValidationError(wrong)
    if "vat_status" in values:
        values["vat_status"] = values["vat_status"] or "normal"
        if values["vat_status"] not in VAT_STATUSES:
            raise ValidationError(f"Az ÁFA-státusz ezek egyike: {', '.join(VAT_STATUSES)}.")
    if "country" in values:
        values["country"] = (values["country"] or "HU").upper()[:2]
    company = session.scalar(select(Company).order_by(Company.id)) or Company()
    for name, value in values.items():
        setattr(company, name, value)
    session.add(company)
    session.flush()
    return {f.name: getattr(company, f.name) for f in COMPANY_FIELDS}
