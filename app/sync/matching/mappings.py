"""Per-shop mapping tables the user can edit (VAT aliases, service lines, payment/shipping methods)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.shops import ShopMapping
from app.sync.matching import cache


def normalize(value: str) -> str:
    """Mappings compare case- and whitespace-insensitively."""
    return " ".join(value.split()).casefold()


def lookup(session: Session, shop_id: int, kind: str, shop_value: str) -> int | None:
    known = cache.get(session)
    key = (shop_id, kind, normalize(shop_value))
    if known is not None and key in known.mappings:
        return known.mappings[key]
    local_id = session.scalar(
        select(ShopMapping.local_id).where(
            ShopMapping.shop_id == shop_id,
            ShopMapping.kind == kind,
            ShopMapping.shop_value == key[2],
        )
    )
    if known is not None:
        known.mappings[key] = local_id
    return local_id


def set_mapping(session: Session, shop_id: int, kind: str, shop_value: str, local_id: int) -> None:
    row = session.scalar(
        select(ShopMapping).where(
            ShopMapping.shop_id == shop_id,
            ShopMapping.kind == kind,
            ShopMapping.shop_value == normalize(shop_value),
        )
    )
    if row is None:
        session.add(
            ShopMapping(shop_id=shop_id, kind=kind, shop_value=normalize(shop_value), local_id=local_id)
        )
    else:
        row.local_id = local_id
    session.flush()
    known = cache.get(session)
    if known is not None:
        known.mappings[(shop_id, kind, normalize(shop_value))] = local_id


def map_to_name(session: Session, shop_id: int, kind: str, shop_value: str, target: str) -> None:
    """Map by the user's words: a VAT code, a method name or a product code."""
    from app.db.catalog import PaymentMethod, Product, ShippingMethod, VatRate
    from app.errors import ValidationError

    model, column, label = {
        "vat": (VatRate, VatRate.code, "ÁFA-kulcs"),
        "payment": (PaymentMethod, PaymentMethod.name, "fizetési mód"),
        "shipping": (ShippingMethod, ShippingMethod.name, "szállítási mód"),
        "service": (Product, Product.code, "szolgáltatás termékkódja"),
    }[kind]
    local_id = session.scalar(select(model.id).where(column == target.strip()))  # type: ignore[attr-defined]
    if local_id is None:
        raise ValidationError(f"Nincs ilyen {label}: {target}")
    set_mapping(session, shop_id, kind, shop_value, local_id)
