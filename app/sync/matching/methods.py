"""Payment and shipping methods by name through the shop's mapping; new ones are created."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, ShippingMethod
from app.sync.matching.mappings import lookup, set_mapping

# Shop payment types that are paid in cash (0/5 Ft rounding on the invoice) and their due days.
CASH_TYPES = {"cash", "cod"}
DUE_DAYS = {"transfer": 8}


def match_payment(
    session: Session, shop_id: int, name: str | None, pay_type: str | None
) -> PaymentMethod | None:
    if not name:
        return None
    mapped = lookup(session, shop_id, "payment", name)
    method = session.get(PaymentMethod, mapped) if mapped is not None else None
    if method is None:
        method = session.scalar(
            select(PaymentMethod).where(func.lower(PaymentMethod.name) == name.strip().lower())
        )
    if method is None:
        method = PaymentMethod(
            name=name.strip(),
            is_cash=(pay_type or "") in CASH_TYPES,
            due_days=DUE_DAYS.get(pay_type or "", 0),
            active=True,
        )
        session.add(method)
        session.flush()
    if mapped is None:
        set_mapping(session, shop_id, "payment", name, method.id)
    return method


def match_shipping(session: Session, shop_id: int, name: str | None) -> ShippingMethod | None:
    if not name:
        return None
    mapped = lookup(session, shop_id, "shipping", name)
    method = session.get(ShippingMethod, mapped) if mapped is not None else None
    if method is None:
        method = session.scalar(
            select(ShippingMethod).where(func.lower(ShippingMethod.name) == name.strip().lower())
        )
    if method is None:
        method = ShippingMethod(name=name.strip(), active=True)
        session.add(method)
        session.flush()
    if mapped is None:
        set_mapping(session, shop_id, "shipping", name, method.id)
    return method
