"""Order lines → products by code = SKU; a product missing here is downloaded from the shop and created."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Insert, Table, func, select
from sqlalchemy.orm import Session

from app.db.catalog import Category, Product, ProductCategory, ProductKind, Unit, VatRate
from app.db.shop_links import ShopProductLink
from app.sync.matching import cache
from app.unas.records import ShopOrderLine, ShopProduct


def find_product(session: Session, sku: str) -> Product | None:
    key = sku.strip().lower()
    known = cache.get(session)
    if known is not None and key in known.products:
        return known.products[key]
    if known is not None and key in known.absent:
        return None  # not in the catalogue when the page began (missing_skus)
    product = session.scalar(select(Product).where(func.lower(Product.code) == key))
    if product is not None and known is not None:
        known.products[key] = product
    return product


def missing_skus(session: Session, skus: Iterable[str]) -> list[str]:
    """The codes not in our catalogue; the ids of those that are go to the session's cache."""
    wanted = {s.strip() for s in skus if s and s.strip()}
    if not wanted:
        return []
    have: dict[str, Product] = {}
    lowered = sorted({s.lower() for s in wanted})
    # Chunked: SQLite allows a limited number of bound parameters per statement.
    for start in range(0, len(lowered), 500):
        chunk = lowered[start : start + 500]
        found = session.scalars(select(Product).where(func.lower(Product.code).in_(chunk)))
        have.update((product.code.lower(), product) for product in found)
    known = cache.get(session)
    if known is not None:
        known.products.update(have)
        known.absent.update(code for code in lowered if code not in have)
    return sorted(s for s in wanted if s.lower() not in have)


def create_from_shop(
    session: Session, shop_id: int, line: ShopOrderLine, vat: VatRate, shop_product: ShopProduct | None
) -> Product:
    """Create the product as the shop describes it (the order line is the fallback), linked to the shop
    product (Webáruházas when the shop has it), with its stock "not yet recorded".

    Core statements (the product, its main category, its link): a first import creates hundreds of
    products, and two ORM flushes each cost more than the rest of their order."""
    sku = (line.sku or "").strip()
    unit_name = (shop_product.unit if shop_product and shop_product.unit else line.unit) or "db"
    known = cache.get(session)
    connection = session.connection()
    gross = (
        shop_product.price_gross
        if shop_product and shop_product.price_gross is not None
        else line.price_gross
    )
    net = shop_product.price_net if shop_product and shop_product.price_net is not None else line.price_net
    product_id = connection.execute(
        _INSERT_PRODUCT,
        {
            "code": sku,
            "name": (shop_product.name if shop_product and shop_product.name else line.name) or sku,
            "kind": ProductKind.GOODS,
            "unit_id": _unit_id(session, known, unit_name),
            "vat_rate_id": vat.id,
            "net_price": net.quantize(Decimal("0.0001")),
            "gross_price": gross.quantize(Decimal("0.0001")),
            "purchase_price": Decimal(0),
            "note": (shop_product.description_long or "") if shop_product else "",
            # Only what the shop itself knows is Webáruházas: a line whose product the shop no longer
            # has (or never listed) would otherwise be pushed as a new shop product without a category.
            "webshop": shop_product is not None,
            "stock_recorded": False,
        },
    ).scalar_one()
    base = next(
        (c for c in (shop_product.categories if shop_product else ()) if c.type == "base" and c.name), None
    )
    if base is not None and base.name:
        path = "|".join(part.strip() for part in base.name.split("|"))
        connection.execute(
            _INSERT_PRODUCT_CATEGORY,
            {"product_id": product_id, "category_id": _category_id(session, known, path), "position": 0},
        )
    # A product made just now has no shop link yet: no look-up before adding it.
    connection.execute(
        _INSERT_LINK,
        {
            "shop_id": shop_id,
            "product_id": product_id,
            "sku": sku,
            "shop_product_id": shop_product.id if shop_product else None,
        },
    )
    product = session.get(Product, product_id)
    assert product is not None
    if known is not None:
        known.products[sku.lower()] = product
    return product


def _unit_id(session: Session, known: cache.MatchCache | None, name: str) -> int:
    held = known.units if known is not None else {}
    return _id_of(session, held, Unit.name, name, _INSERT_UNIT)


def _category_id(session: Session, known: cache.MatchCache | None, path: str) -> int:
    held = known.categories if known is not None else {}
    return _id_of(session, held, Category.path, path, _INSERT_CATEGORY)


def _id_of(session: Session, held: dict[str, int], column: Any, value: str, insert: Insert) -> int:
    """The id of the unit / category with this name, inserted when missing; kept in ``held``."""
    if value not in held:
        found = session.scalar(select(column.class_.id).where(column == value))
        if found is None:
            found = session.connection().execute(insert, {column.key: value}).scalar_one()
        held[value] = found
    return held[value]


def _insert(model: type) -> Insert:
    table = cast(Table, model.__table__)  # type: ignore[attr-defined]
    return table.insert().returning(table.c.id) if "id" in table.c else table.insert()


_INSERT_PRODUCT = _insert(Product)
_INSERT_UNIT = _insert(Unit)
_INSERT_CATEGORY = _insert(Category)
_INSERT_PRODUCT_CATEGORY = cast(Table, ProductCategory.__table__).insert()
_INSERT_LINK = cast(Table, ShopProductLink.__table__).insert()
