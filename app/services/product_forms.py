"""What the product form shows and edits, read and written in one call each (for the GUI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import Category, Unit, VatRate
from app.db.shop_links import ShopProductLink
from app.db.shops import Shop
from app.db.stock import Warehouse
from app.services.products import ProductInput, get_product
from app.services.shops import any_shop_configured
from app.services.stock import StockLevel, stock_by_product_and_warehouse


@dataclass
class ProductFormData:
    product_id: int | None
    data: ProductInput
    image: bytes | None = None
    vat_codes: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    stock: list[tuple[str, StockLevel]] = field(default_factory=list)  # per warehouse
    shop_configured: bool = False
    shop_status: list[ShopPushStatus] = field(default_factory=list)
    vat_percents: dict[str, Decimal] = field(default_factory=dict)  # for net ↔ gross while typing
    known_categories: list[str] = field(default_factory=list)  # every category path, for the picker


@dataclass(frozen=True)
class ShopPushStatus:
    """Per shop: when the product was last pushed and what went wrong (shown on the form)."""

    shop: str
    pushed_at: datetime | None
    error: str


def load_product_form(session: Session, product_id: int | None) -> ProductFormData:
    vat_rows = session.execute(
        select(VatRate.code, VatRate.percent).where(VatRate.active.is_(True)).order_by(VatRate.id)
    ).all()
    vat_codes = [code for code, _percent in vat_rows]
    percents = {code: percent for code, percent in vat_rows}
    known = list(session.scalars(select(Category.path).order_by(Category.path)))
    units = list(session.scalars(select(Unit.name).order_by(Unit.name)))
    shop = any_shop_configured(session)
    if product_id is None:
        return ProductFormData(
            None,
            ProductInput(code="", name=""),
            None,
            vat_codes,
            units,
            [],
            shop,
            vat_percents=percents,
            known_categories=known,
        )
    p = get_product(session, product_id)
    data = ProductInput(
        code=p.code,
        name=p.name,
        vat_code=p.vat_rate.code,
        unit=p.unit.name,
        kind=p.kind,
        gross_price=p.gross_price,
        net_price=p.net_price,
        purchase_price=p.purchase_price,
        note=p.note,
        location=p.location,
        categories=p.categories,
        webshop=p.webshop,
    )
    warehouses = {w.id: w.name for w in session.scalars(select(Warehouse))}
    levels = stock_by_product_and_warehouse(session, product_ids=[product_id])
    stock = [(warehouses[w], lvl) for (_p, w), lvl in sorted(levels.items())]
    pushes = [
        ShopPushStatus(name, pushed_at, error or "")
        for name, pushed_at, error in session.execute(
            select(Shop.name, ShopProductLink.pushed_at, ShopProductLink.error)
            .join(Shop, Shop.id == ShopProductLink.shop_id)
            .where(ShopProductLink.product_id == product_id)
            .order_by(Shop.name)
        )
    ]
    return ProductFormData(
        p.id, data, p.image.data if p.image else None, vat_codes, units, stock, shop, pushes, percents, known
    )
