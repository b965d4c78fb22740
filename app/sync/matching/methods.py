"""Payment and shipping methods by name through the shop's mapping; new ones are created."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, ShippingMethod
from app.sync.matching import cache
from app.sync.matching.mappings import lookup, normalize, set_mapping
from app.unas.records import ShopMethod

# Shop payment types paid in cash (0/5 Ft rounding on the invoice) and their due days. Cash on
# delivery is not one: the courier pays the seller by transfer (as the seeded "Utánvét" says).
CASH_TYPES = {"cash"}
DUE_DAYS = {"transfer": 8}

M = TypeVar("M", PaymentMethod, ShippingMethod)


def _match(
    session: Session, shop_id: int, kind: str, model: type[M], name: str | None, create: Callable[[str], M]
) -> M | None:
    if not name:
        return None
    known = cache.get(session)
    key = (shop_id, kind, normalize(name))
    if known is not None and key in known.methods:
        return known.methods[key]  # type: ignore[return-value]
    mapped = lookup(session, shop_id, kind, name)
    method = session.get(model, mapped) if mapped is not None else None
    if method is None:
        method = session.scalar(select(model).where(func.lower(model.name) == name.strip().lower()))
    if method is None:
        method = create(name.strip())
        session.add(method)
        session.flush()
    if mapped is None:
        set_mapping(session, shop_id, kind, name, method.id)
    if known is not None:
        known.methods[key] = method
    return method


def match_payment(
    session: Session, shop_id: int, name: str | None, pay_type: str | None
) -> PaymentMethod | None:
    return _match(
        session,
        shop_id,
        "payment",
        PaymentMethod,
        name,
        lambda n: PaymentMethod(
            name=n,
            is_cash=(pay_type or "") in CASH_TYPES,
            due_days=DUE_DAYS.get(pay_type or "", 0),
            active=True,
        ),
    )


def match_shipping(session: Session, shop_id: int, name: str | None) -> ShippingMethod | None:
    return _match(
        session, shop_id, "shipping", ShippingMethod, name, lambda n: ShippingMethod(name=n, active=True)
    )


def adopt_shop_methods(session: Session, shop_id: int, methods: Iterable[ShopMethod]) -> int:
    """Match every downloaded shop method (creating the missing ones); returns how many were new."""
    before = _method_count(session)
    for method in methods:
        if method.type == "payment":
            match_payment(session, shop_id, method.name, method.subtype)
        elif method.type == "shipping":
            match_shipping(session, shop_id, method.name)
    return _method_count(session) - before


def _method_count(session: Session) -> int:
    return sum(
        session.scalar(select(func.count()).select_from(m)) or 0 for m in (PaymentMethod, ShippingMethod)
    )
