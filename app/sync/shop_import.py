"""Start-up import from a connected shop: its products (name, prices, first category, description)
and stock come in as our products, linked to the shop products, never duplicated. The shop has
already taken the stock of its open orders (B50): on-hand is booked as shop stock + those."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import Product, ProductImage, VatRate
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.db.shops import Shop
from app.db.stock import Warehouse
from app.errors import AppError
from app.formatting import format_quantity
from app.output.product_images import CheckedImage, check_image
from app.services import product_import as imp
from app.sync.product_data import load_webshop_products
from app.timeutil import BUDAPEST
from app.unas import orders as unas_orders
from app.unas import products as unas_products
from app.unas.client import UnasClient
from app.unas.images import download_image
from app.unas.records import OrderQuery, ShopProduct

# getOrder's Status filter takes a status type (documented): orders still to be delivered.
OPEN_STATUS_TYPES = ("open_normal", "open_prepare")
COMPLETED_STATUS_TYPE = "close_ok"


def open_order_stock(client: UnasClient, shop: Shop | None = None) -> dict[str, Decimal]:
    """SKU (lower case) → stock the shop consumed for orders that will reserve it here (B50): the
    shop's figure excludes it, so our on-hand is the shop's stock plus this.

    Those are the orders still to be delivered, and the completed ones since the shop's start
    date: the order sync imports them as open orders too, and each reserves its quantity, so without
    them the free stock would come out lower than the shop's and the first push would take the
    completed orders' quantities off the shop a second time."""
    queries = [OrderQuery(status=status) for status in OPEN_STATUS_TYPES]
    if shop is not None and shop.import_since is not None:
        since = datetime.combine(shop.import_since, time.min, tzinfo=BUDAPEST)
        queries.append(OrderQuery(status=COMPLETED_STATUS_TYPE, date_start=since))
    out: dict[str, Decimal] = {}
    for query in queries:
        for order in unas_orders.iter_orders(client, query):
            if order.returned_from:
                continue
            if shop is not None and shop.billable_only and order.invoice_status != 1:
                continue  # never imported here, so it reserves nothing
            for sku, qty in order.consumed_by_sku().items():
                out[sku.lower()] = out.get(sku.lower(), Decimal(0)) + qty
    return out


def _base_category(product: ShopProduct) -> str | None:
    """The shop product's main (base) category path: the one our product's first category takes."""
    return next((c.name for c in product.categories if c.type == "base" and c.name), None)


def _row(
    number: int, p: ShopProduct, vat_codes: dict[str, str], warehouse: str, on_orders: Decimal = Decimal(0)
) -> imp.ProductRow:
    base = _base_category(p)
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
        stock=max(p.stock_qty + on_orders, Decimal(0))
        if p.stock_qty is not None and not p.stock_per_variant
        else None,
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
    with db.reading() as session:
        settings = session.get(Shop, shop_id)
        assert settings is not None
        session.expunge(settings)
        with_image = {code.lower() for code in session.scalars(select(Product.code).join(ProductImage))}
    on_orders = open_order_stock(client, settings)
    # Downloaded before the write transaction opens: the network never holds the database lock.
    images, image_problems = _shop_images(found, with_image)
    with db.transaction() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        warehouse = session.get(Warehouse, shop.order_warehouse_id) if shop.order_warehouse_id else None
        vat_codes = {c.lower(): c for c in session.scalars(select(VatRate.code))}
        report = imp.ImportReport()
        for number, product in enumerate(found, start=1):
            row = _row(
                number,
                product,
                vat_codes,
                warehouse.name if warehouse else "",
                on_orders.get(product.sku.lower(), Decimal(0)),
            )
            if row.vat is None and product.vat:
                report.errors.append(
                    (number, f"{product.sku}: ismeretlen ÁFA-kulcs a webáruházban: „{product.vat}”")
                )
                continue
            if not row.warehouse:
                row.warehouse = None
            report.good.append(row)
        if on_orders:
            report.warnings.append(
                "Készlet = a webáruház készlete + a webáruházi rendelések mennyisége, amelyeket a "
                "program vevői rendelésként átvesz és lefoglal (a még nem teljesítettek és a kezdőnap "
                f"óta teljesítettek; {format_quantity(sum(on_orders.values(), Decimal(0)))} db): "
                "a UNAS a rendeléskor levonja."
            )
        imp.apply(session, report)
        ids = {p.code.lower(): p.id for p in session.scalars(select(Product))}
        linked = set(
            session.scalars(select(ShopProductLink.product_id).where(ShopProductLink.shop_id == shop_id))
        )
        new_links: dict[int, tuple[ShopProductLink, ShopProduct]] = {}
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
                if link is not None:
                    _keep_running_price(link, product)
                continue
            new_link = ShopProductLink(
                shop_id=shop_id,
                product_id=pid,
                sku=product.sku,
                shop_product_id=product.id or "?",
                per_variant=bool(product.stock_per_variant),
                image_hash=None if product.image_urls else "",
                error="",
            )
            _keep_running_price(new_link, product)
            session.add(new_link)
            linked.add(pid)
            new_links[pid] = (new_link, product)
        if images:
            _store_images(session, shop_id, images)
        report.warnings += image_problems
        if new_links:
            session.flush()
            _mark_in_step(session, new_links)
    return report


def _shop_images(found: list[ShopProduct], with_image: set[str]) -> tuple[dict[str, CheckedImage], list[str]]:
    """The first shop image of each product that has none here yet, checked like an uploaded one."""
    images: dict[str, CheckedImage] = {}
    problems: list[str] = []
    with requests.Session() as http:
        for product in found:
            if not product.image_urls or product.sku.lower() in with_image:
                continue
            try:
                images[product.sku.lower()] = check_image(
                    download_image(product.image_urls[0], session=http), label=product.sku
                )
            except AppError as exc:
                problems.append(f"{product.sku}: a webáruház képe nem vehető át – {exc.user_message}")
    return images, problems


def _store_images(session: Session, shop_id: int, images: dict[str, CheckedImage]) -> None:
    """The shop's image becomes the product's image, and its link records it as already in the
    shop, so the next push does not send it back."""
    for product in session.scalars(select(Product).where(func.lower(Product.code).in_(list(images)))):
        checked = images[product.code.lower()]
        if product.image is not None:
            continue
        product.image = ProductImage(
            mime_type=checked.mime_type,
            data=checked.data,
            sha256=checked.sha256,
            width=checked.width,
            height=checked.height,
        )
        session.flush()
        link = session.scalar(
            select(ShopProductLink).where(
                ShopProductLink.shop_id == shop_id, ShopProductLink.product_id == product.id
            )
        )
        if link is not None:
            link.image_hash = checked.sha256


def _mark_in_step(session: Session, new_links: dict[int, tuple[ShopProductLink, ShopProduct]]) -> None:
    """A product that came from the shop with exactly the shop's values needs no push: its link
    records them as already sent, so the first Termék szinkron after the start-up import sends only
    what really differs (the stock the imported open orders reserve, a value changed here later)
    instead of writing every product back to the shop."""
    for local in load_webshop_products(session):
        entry = new_links.get(local.id)
        if entry is None:
            continue
        link, shop_product = entry
        base = _base_category(shop_product)
        same = (
            local.code == shop_product.sku
            and local.name == (shop_product.name or shop_product.sku)
            and shop_product.price_gross is not None
            and local.gross == shop_product.price_gross
            and (local.category or None) == (base or None)
            and local.description == (shop_product.description_long or "")
        )
        if same:
            link.fields_hash = local.fields_hash
        if shop_product.stock_qty is not None and not shop_product.stock_per_variant:
            link.stock_pushed = shop_product.stock_qty


def _keep_running_price(link: ShopProductLink, product: ShopProduct) -> None:
    """A sale running in the shop is kept on the link (shown, never pushed as the normal price)."""
    running = product.actual_price_type not in (None, "normal") and product.actual_price_gross is not None
    link.actual_price_gross = product.actual_price_gross if running else None
    link.actual_price_type = (product.actual_price_type or "") if running else ""
