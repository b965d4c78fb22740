"""Shop service lines (shipping, discounts, handling fee) → our service items, per shop and line kind."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import Product, ProductKind, Unit, VatRate
from app.sync.matching.mappings import lookup, set_mapping

# Line kind (the contract's reserved ids, "handel" sic) → default service item (code, name).
DEFAULT_SERVICES = {
    "shipping-cost": ("SZALLITASI-DIJ", "Szállítási költség"),
    "discount-percent": ("KEDVEZMENY-SZAZALEK", "Százalékos kedvezmény"),
    "discount-amount": ("KEDVEZMENY-OSSZEG", "Összegszerű kedvezmény"),
    "handel-cost": ("KEZELESI-KOLTSEG", "Kezelési költség"),
}


def match_service(session: Session, shop_id: int, line_kind: str, vat: VatRate) -> Product:
    """The mapped service item for this kind of line; defaults are created on first use."""
    mapped = lookup(session, shop_id, "service", line_kind)
    product = session.get(Product, mapped) if mapped is not None else None
    if product is None:
        code, name = DEFAULT_SERVICES.get(line_kind, (line_kind.upper()[:100], line_kind))
        product = session.scalar(select(Product).where(Product.code == code))
        if product is None:
            unit = session.scalar(select(Unit).where(Unit.name == "db"))
            if unit is None:
                unit = Unit(name="db")
                session.add(unit)
            product = Product(
                code=code,
                name=name,
                kind=ProductKind.SERVICE,
                unit=unit,
                vat_rate=vat,
                net_price=Decimal(0),
                gross_price=Decimal(0),
                purchase_price=Decimal(0),
                note="",
            )
            session.add(product)
            session.flush()
        set_mapping(session, shop_id, "service", line_kind, product.id)
    return product
