"""Start-up import from a connected shop: its products (name, prices, first category, description)
and stock come in as our products, linked to the shop products, never duplicated."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.db.catalog import VatRate
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.db.shops import Shop
from app.db.stock import Warehouse
from app.services import product_import as imp
from app.unas import products as unas_products
from app.unas.client import UnasClient
from app.unas.records import ShopProduct


def _row(number: int, p: ShopProduct, vat_codes: dict[str, str], warehouse: str) -> imp.ProductRow:
    base = next((c.name for c in p.categories if c.type == "base" and c.name), None)
    vat = (p.vat or "").strip()
    return imp.ProductRow(
        row=number,
        code=p.sku,
        name=p.name or p.sku,
        unit=p.unit or "db",
        net_price=None,
        gross_price=p.price_gross if p.price_gross is not None else None,
        vat=vat_codes.get(vat.lower()),
        purchase_price=None,
        stock=max(p.stock_qty, Decimal(0)) if p.stock_qty is not None and not p.stock_per_variant else None,
        warehouse=warehouse,
        category=base,
        webshop=True,
        description=p.description_long,
    )


def import_from_shop(db: Database, shop_id: int, client: UnasClient) -> imp.ImportReport:
    found = [
        p
        for p in unas_products.get_products(client, unas_products.ProductQuery(content_type="normal"))
        if p.state == "live"
    ]
    with db.transaction() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        warehouse = session.get(Warehouse, shop.order_warehouse_id) if shop.order_warehouse_id else None
        vat_codes = {c.lower(): c for c in session.scalars(select(VatRate.code))}
        report = imp.ImportReport()
        for number, product in enumerate(found, start=1):
            row = _row(number, product, vat_codes, warehouse.name if warehouse else "")
            if row.vat is None and product.vat:
                report.errors.append(
                    (number, f"{product.sku}: ismeretlen ÁFA-kulcs a webáruházban: „{product.vat}”")
                )
                continue
            if not row.warehouse:
                row.warehouse = None
            report.good.append(row)
        imp.apply(session, report)
        from app.db.catalog import Product

        ids = {p.code.lower(): p.id for p in session.scalars(select(Product))}
        linked = set(
            session.scalars(select(ShopProductLink.product_id).where(ShopProductLink.shop_id == shop_id))
        )
        for product in found:
            pid = ids.get(product.sku.lower())
            if pid is None:
                continue
            if pid in linked:
                link = session.scalar(
                    select(ShopProductLink).where(
                        ShopProductLink.shop_id == shop_id, ShopProductLink.product_id == pid
                    )
                )
                if link is not None and link.shop_product_id is None:
                    link.shop_product_id = product.id
                continue
            session.add(
                ShopProductLink(
                    shop_id=shop_id,
                    product_id=pid,
                    sku=product.sku,
                    shop_product_id=product.id or "?",
                    per_variant=bool(product.stock_per_variant),
                    image_hash=None if product.image_urls else "",
                    error="",
                )
            )
            linked.add(pid)
    return report
