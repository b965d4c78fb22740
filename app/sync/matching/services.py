"""Shop service lines (shipping, discounts, handling, gift …) → our service items, per shop.

The four documented ids get default service items on first use. Every other synthetic line
(``gift``, or a lower-case id the shop has no product for) needs the user's mapping, which also
says what the line is (discount, voucher redemption, shipping …): until then the order is held.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import Product, ProductKind, Unit, VatRate
from app.db.shops import ShopMapping
from app.invoice_data.apportion import DISCOUNT, HANDLING, SERVICE, SHIPPING, VOUCHER
from app.sync.matching import cache
from app.sync.matching.held import OrderHeld
from app.sync.matching.mappings import lookup, normalize, set_mapping
from app.unas.records import GIFT_LINE_ID

# Line kind (the contract's reserved ids, "handel" sic) → default service item (code, name).
DEFAULT_SERVICES = {
    "shipping-cost": ("SZALLITASI-DIJ", "Szállítási költség"),
    "discount-percent": ("KEDVEZMENY-SZAZALEK", "Százalékos kedvezmény"),
    "discount-amount": ("KEDVEZMENY-OSSZEG", "Összegszerű kedvezmény"),
    "handel-cost": ("KEZELESI-KOLTSEG", "Kezelési költség"),
}
# The role each documented id has on our documents; a mapping may say otherwise.
DEFAULT_ROLES = {
    "discount-percent": DISCOUNT,
    "discount-amount": DISCOUNT,
    "shipping-cost": SHIPPING,
    "handel-cost": HANDLING,
}
# What a mapped service line can be (the CLI's --as and the dialog's "Jelleg" column).
ROLE_LABELS = {
    DISCOUNT: "kedvezmény",
    VOUCHER: "utalvány beváltása (fizetés)",
    SHIPPING: "szállítási költség",
    HANDLING: "kezelési költség",
    SERVICE: "szolgáltatás",
}
UNMAPPED_DETAIL = "unmapped service line"


class UnmappedServiceLine(OrderHeld):
    def __init__(self, line_id: str, name: str, order_key: str) -> None:
        self.line_id = line_id
        hint = (
            " Döntse el, hogy kedvezmény (csökkenti az adóalapot) vagy beváltott utalvány (fizetés, "
            "az adóalapot nem csökkenti)."
            if line_id == GIFT_LINE_ID
            else ""
        )
        super().__init__(
            f"A(z) {order_key} rendelésben ismeretlen szolgáltatássor szerepel: „{line_id}” ({name}). "
            "A rendelés várakozik; rendeljen hozzá egy szolgáltatás-terméket a webáruház beállításainak "
            f"Megfeleltetések lapján, majd nyomja meg az Újrapróbálás gombot.{hint}",
            f"{UNMAPPED_DETAIL} {line_id!r}",
        )


def match_service(
    session: Session, shop_id: int, line_kind: str, vat: VatRate, *, name: str = "", order_key: str = ""
) -> tuple[Product, str]:
    """The mapped service item for this kind of line and its role; the documented four get
    default items on first use, any other kind holds the order until the user maps it."""
    kind = normalize(line_kind)
    mapped = lookup(session, shop_id, "service", kind)
    product = session.get(Product, mapped) if mapped is not None else None
    if product is None:
        if kind not in DEFAULT_SERVICES:
            raise UnmappedServiceLine(line_kind, name, order_key)
        product = _default_item(session, kind, vat)
        set_mapping(session, shop_id, "service", kind, product.id)
    default = DEFAULT_ROLES.get(kind) or (DISCOUNT if kind == GIFT_LINE_ID else SERVICE)
    return product, mapping_role(session, shop_id, kind) or default


def mapping_role(session: Session, shop_id: int, line_kind: str) -> str | None:
    known = cache.get(session)
    key = (shop_id, normalize(line_kind))
    if known is not None and key in known.roles:
        return known.roles[key]
    role = session.scalar(
        select(ShopMapping.role).where(
            ShopMapping.shop_id == shop_id,
            ShopMapping.kind == "service",
            ShopMapping.shop_value == key[1],
        )
    )
    if known is not None:
        known.roles[key] = role
    return role


def set_role(session: Session, shop_id: int, line_kind: str, role: str | None) -> None:
    row = session.scalar(
        select(ShopMapping).where(
            ShopMapping.shop_id == shop_id,
            ShopMapping.kind == "service",
            ShopMapping.shop_value == normalize(line_kind),
        )
    )
    if row is not None:
        row.role = role or None


def _default_item(session: Session, line_kind: str, vat: VatRate) -> Product:
    code, name = DEFAULT_SERVICES[line_kind]
    product = session.scalar(select(Product).where(Product.code == code))
    if product is not None:
        return product
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
    return product
