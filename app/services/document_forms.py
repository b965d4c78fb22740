"""What the document form needs: the choices for its combo boxes and product look-up by code."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Product, ShippingMethod
from app.db.partners import Customer, Supplier
from app.db.stock import Warehouse


@dataclass
class DocumentChoices:
    customers: list[tuple[int, str]] = field(default_factory=list)
    warehouses: list[tuple[int, str]] = field(default_factory=list)
    payment_methods: list[tuple[int, str]] = field(default_factory=list)
    shipping_methods: list[tuple[int, str]] = field(default_factory=list)
    suppliers: list[tuple[int, str]] = field(default_factory=list)


def load_choices(session: Session) -> DocumentChoices:
    def pairs(model: Any, label: Any, active: Any = None) -> list[tuple[int, str]]:
        stmt = select(model.id, label).order_by(label)
        if active is not None:
            stmt = stmt.where(active)
        return [(i, n) for i, n in session.execute(stmt)]

    return DocumentChoices(
        customers=[
            (i, f"{n} <{e}>" if e else n)
            for i, n, e in session.execute(
                select(Customer.id, Customer.name, Customer.email).order_by(Customer.name)
            )
        ],
        warehouses=pairs(Warehouse, Warehouse.name, Warehouse.active.is_(True)),
        payment_methods=pairs(PaymentMethod, PaymentMethod.name, PaymentMethod.active.is_(True)),
        shipping_methods=pairs(ShippingMethod, ShippingMethod.name, ShippingMethod.active.is_(True)),
        suppliers=pairs(Supplier, Supplier.name),
    )


@dataclass(frozen=True)
class ProductHit:
    id: int
    code: str
    name: str
    unit: str
    vat_code: str
    gross_price: Decimal
    net_price: Decimal
    purchase_price: Decimal


def find_product(session: Session, code: str) -> ProductHit | None:
    p = session.scalar(select(Product).where(func.lower(Product.code) == code.strip().lower()))
    if p is None:
        return None
    return ProductHit(
        p.id, p.code, p.name, p.unit.name, p.vat_rate.code, p.gross_price, p.net_price, p.purchase_price
    )
