"""Our Webáruházas products as the shop should see them, with the fingerprints of what to push.

Read with Core rows (no ORM objects): a push of 10,000 products must stay near 1 ms of CPU each.
Image bytes are read only for the products whose image is actually sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.db.catalog import Category, Product, ProductCategory, ProductImage, ProductKind, Unit, VatRate
from app.db.shops import ShopStockWarehouse
from app.services.stock import stock_by_product
from app.unas.products import is_valid_sku

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class LocalProduct:
    id: int
    code: str
    name: str
    unit: str
    net: Decimal
    gross: Decimal
    category: str | None  # the first category's path
    description: str
    image_sha: str | None
    stock_recorded: bool

    @property
    def fields_hash(self) -> str:
        """Fingerprint of the product fields we push (not the image, not the stock)."""
        parts = [self.code, self.name, self.unit, str(self.net), str(self.gross), self.category or ""]
        parts.append(self.description)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def sku_problem(self) -> str | None:
        if is_valid_sku(self.code):
            return None
        return (
            f"A(z) „{self.code}” termékkód nem küldhető a webáruházba: a cikkszámban csak angol betű, "
            "számjegy, kötőjel és aláhúzás állhat (szóköz és ékezet nem). Javítsa a termékkódot."
        )


def shop_prices(gross: Decimal, vat_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Net and gross as the shop shows them: gross to the fillér, net derived with our VAT rate."""
    gross = gross.quantize(CENT)
    net = (gross / (1 + vat_percent / 100)).quantize(CENT)
    return net, gross


def load_webshop_products(session: Session, ids: Collection[int] | None = None) -> list[LocalProduct]:
    """Every Webáruházas product, or only these (the quiet tick's few whose stock changed)."""
    if ids is None:
        return _load(session, None)
    chosen = list(ids)
    return [p for start in range(0, len(chosen), 500) for p in _load(session, chosen[start : start + 500])]


def _load(session: Session, ids: list[int] | None) -> list[LocalProduct]:
    first_category = (
        select(ProductCategory.product_id, func.min(ProductCategory.position).label("position"))
        .group_by(ProductCategory.product_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Product.id,
            Product.code,
            Product.name,
            Unit.name,
            Product.gross_price,
            VatRate.percent,
            Category.path,
            Product.note,
            ProductImage.sha256,
            Product.stock_recorded,
        )
        .join(Unit, Unit.id == Product.unit_id)
        .join(VatRate, VatRate.id == Product.vat_rate_id)
        .outerjoin(first_category, first_category.c.product_id == Product.id)
        .outerjoin(
            ProductCategory,
            and_(
                ProductCategory.product_id == Product.id,
                ProductCategory.position == first_category.c.position,
            ),
        )
        .outerjoin(Category, Category.id == ProductCategory.category_id)
        .outerjoin(ProductImage, ProductImage.product_id == Product.id)
        .where(
            Product.webshop.is_(True),
            Product.active.is_(True),
            Product.kind == ProductKind.GOODS,
            *([Product.id.in_(ids)] if ids is not None else []),
        )
        .order_by(Product.code)
    )
    out = []
    for pid, code, name, unit, gross, percent, path, note, sha, recorded in rows:
        net, gross2 = shop_prices(gross, percent)
        out.append(
            LocalProduct(pid, code, name, unit, net, gross2, path, (note or "").strip(), sha, recorded)
        )
    return out


def image_bytes(session: Session, product_ids: Iterable[int]) -> dict[int, tuple[bytes, str]]:
    """Image data and MIME type of these products (only the ones being sent)."""
    ids = list(product_ids)
    found: dict[int, tuple[bytes, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(ProductImage.product_id, ProductImage.data, ProductImage.mime_type).where(
                ProductImage.product_id.in_(chunk)
            )
        )
        found.update((pid, (data, mime)) for pid, data, mime in rows)
    return found


def free_stock_for_shop(session: Session, shop_id: int) -> dict[int, Decimal]:
    """Free stock (on hand − reserved by open orders) over the shop's warehouses, never below 0,
    less what the shop consumed for its open orders that we do not import (billable-only, before
    the start day): the shop has already taken that stock (B50), offering it again would oversell."""
    from app.db.catalog import Product
    from app.sync.order_links import consumed_by_skipped

    warehouse_ids = list(
        session.scalars(select(ShopStockWarehouse.warehouse_id).where(ShopStockWarehouse.shop_id == shop_id))
    )
    levels = stock_by_product(session, warehouse_ids or None)
    free = {pid: level.free for pid, level in levels.items()}
    taken = consumed_by_skipped(session, shop_id)
    if taken:
        rows = session.execute(
            select(func.lower(Product.code), Product.id).where(func.lower(Product.code).in_(taken))
        )
        for code, pid in rows:
            free[pid] = free.get(pid, ZERO) - taken[code]
    return {pid: max(qty, ZERO) for pid, qty in free.items()}
