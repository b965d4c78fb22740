"""What a product push sends and remembers: the records (fields, image, stock) of one product and
the copy of its shop link that says what was pushed last."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.shop_links import ShopProductLink
from app.sync.product_data import LocalProduct
from app.timeutil import BUDAPEST, utcnow
from app.unas.records import ItemResult, ProductImage, ProductWrite, StockWrite

# The shop is known to have no image for the product (we created it without one, or saw none).
NO_IMAGE = ""

Kind = Literal["add", "fields", "image", "stock"]


@dataclass
class LinkState:
    """What a product's shop link says was last pushed (a plain copy of the row)."""

    id: int
    sku: str
    shop_product_id: str | None
    fields_hash: str | None
    image_hash: str | None
    stock_pushed: Decimal | None
    per_variant: bool


def load_links(
    session: Session, shop_id: int, product_ids: Collection[int] | None = None
) -> dict[int, LinkState]:
    """Product id → its link to this shop (every link, or those of these products)."""
    if product_ids is None:
        return _load_links(session, shop_id, None)
    ids = list(product_ids)
    found: dict[int, LinkState] = {}
    for start in range(0, len(ids), 500):
        found.update(_load_links(session, shop_id, ids[start : start + 500]))
    return found


def _load_links(session: Session, shop_id: int, product_ids: list[int] | None) -> dict[int, LinkState]:
    rows = session.execute(
        select(
            ShopProductLink.product_id,
            ShopProductLink.id,
            ShopProductLink.sku,
            ShopProductLink.shop_product_id,
            ShopProductLink.fields_hash,
            ShopProductLink.image_hash,
            ShopProductLink.stock_pushed,
            ShopProductLink.per_variant,
        ).where(
            ShopProductLink.shop_id == shop_id,
            *([ShopProductLink.product_id.in_(product_ids)] if product_ids is not None else []),
        )
    )
    return {
        pid: LinkState(link_id, sku, shop_pid, fields, image, stock, per_variant)
        for pid, link_id, sku, shop_pid, fields, image, stock, per_variant in rows
    }


@dataclass
class PendingWrite:
    kind: Kind
    product: LocalProduct
    link_id: int
    write: ProductWrite | StockWrite
    image_sha: str | None = None
    stock: Decimal | None = None


DONE_TEXT = {
    "add": "Létrehozva a webáruházban",
    "fields": "Termékadatok frissítve",
    "image": "Kép frissítve",
    "stock": "Készlet frissítve",
}


def refusal_reason(answer: ItemResult, earlier: str) -> str:
    if answer.status == "held_back":
        # Not resent: it failed with exactly this data before; the earlier reason still stands.
        return earlier or "Korábban hibás volt, azóta nem változott; javítás után újra elküldjük."
    return f"A webáruház elutasította: {answer.error or 'ismeretlen hiba'}"


def product_write(
    product: LocalProduct, action: str, image: ProductImage | None = None, stock: Decimal | None = None
) -> ProductWrite:
    is_add = action == "add"
    return ProductWrite(
        sku=product.code,
        action=action,
        name=product.name,
        unit=product.unit,
        price_net=product.net,
        price_gross=product.gross,
        base_category=product.category,
        # An empty note is not sent: an empty element would erase the shop's description.
        description_long=product.description or None,
        image=image,
        stock_active=True if is_add and stock is not None else None,
        stock_qty=stock if is_add else None,
    )


def image_version() -> str:
    return utcnow().astimezone(BUDAPEST).strftime("%Y%m%d%H%M")


def image_filename(product: LocalProduct, mime: str) -> str:
    return f"{product.code}.{'png' if mime == 'image/png' else 'jpg'}"
