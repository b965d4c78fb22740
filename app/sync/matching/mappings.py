"""Per-shop mapping tables the user can edit (VAT aliases, service lines, payment/shipping methods)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.shops import ShopMapping


def normalize(value: str) -> str:
    """Mappings compare case- and whitespace-insensitively."""
    return " ".join(value.split()).casefold()


def lookup(session: Session, shop_id: int, kind: str, shop_value: str) -> int | None:
    return session.scalar(
        select(ShopMapping.local_id).where(
            ShopMapping.shop_id == shop_id,
            ShopMapping.kind == kind,
            ShopMapping.shop_value == normalize(shop_value),
        )
    )


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
