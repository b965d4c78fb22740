"""getProduct parsing and setProduct writing (only the fields we own, never an empty element)."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.unas import limits, paging, xml_codec
from app.unas.client import UnasClient
from app.unas.records import ProductCategoryRef, ProductWrite, SetResult, ShopProduct
from app.unas.xml_codec import Element, add, text

SKU_PATTERN = re.compile(r"[A-Za-z0-9_-]+")


def is_valid_sku(sku: str) -> bool:
    """UNAS SKUs: English letters, digits, '-' and '_' only."""
    return bool(SKU_PATTERN.fullmatch(sku))


@dataclass(frozen=True)
class ProductQuery:
    skus: Sequence[str] = ()
    id: str | None = None
    state: str | None = None  # live | deleted
    status_base: str | None = None
    category_id: str | None = None
    time_start: int | None = None  # unix
    time_end: int | None = None
    content_type: str = "short"
    lang: str | None = None


def product_query_xml(
    query: ProductQuery, limit_num: int | None = None, limit_start: int | None = None
) -> Element:
    root = xml_codec.new_root("Params")
    add(root, "Id", query.id)
    add(root, "Sku", ",".join(query.skus) if query.skus else None)
    add(root, "State", query.state)
    add(root, "StatusBase", query.status_base)
    add(root, "CategoryId", query.category_id)
    add(root, "TimeStart", query.time_start)
    add(root, "TimeEnd", query.time_end)
    add(root, "ContentType", query.content_type)
    add(root, "Lang", query.lang)
    if limit_num is not None:
        add(root, "LimitNum", limit_num)
        add(root, "LimitStart", limit_start)
    return root


def product_from_xml(el: Element) -> ShopProduct:
    sku = text(el, "Sku")
    if sku is None:
        raise xml_codec.UnasXmlError(
            "A webáruház egy terméket cikkszám nélkül küldött.", "Product without Sku"
        )
    normal_price = next(
        (p for p in el.iterfind("Prices/Price") if (text(p, "Type") or "normal") == "normal"), None
    )
    actual = next((p for p in el.iterfind("Prices/Price") if text(p, "Actual") == "1"), None)
    active = text(el, "Stocks/Status/Active")
    per_variant = text(el, "Stocks/Status/Variant")
    qty = None
    stocks = el.findall("Stocks/Stock")
    if stocks and not stocks[0].findall("Variants/Variant"):
        qty = xml_codec.decimal(stocks[0], "Qty")
    return ShopProduct(
        sku=sku,
        id=text(el, "Id"),
        state=text(el, "State") or "live",
        name=text(el, "Name"),
        unit=text(el, "Unit"),
        vat=text(el, "Prices/Vat"),
        price_net=xml_codec.decimal(normal_price, "Net"),
        price_gross=xml_codec.decimal(normal_price, "Gross"),
        actual_price_gross=xml_codec.decimal(actual, "Gross"),
        actual_price_type=text(actual, "Type") if actual is not None else None,
        description_short=text(el, "Description/Short"),
        description_long=text(el, "Description/Long"),
        categories=tuple(
            ProductCategoryRef(text(c, "Type") or "base", text(c, "Id"), text(c, "Name"))
            for c in el.iterfind("Categories/Category")
        ),
        image_urls=tuple(u for u in (text(i, "SefUrl") for i in el.iterfind("Images/Image")) if u),
        stock_active=None if active is None else active == "1",
        stock_per_variant=None if per_variant is None else per_variant == "1",
        stock_qty=qty,
        last_mod=xml_codec.unix_time(text(el, "LastModTime")),
    )


def get_products(client: UnasClient, query: ProductQuery, *, page_size: int = 500) -> list[ShopProduct]:
    single = query.id is not None or len(query.skus) == 1
    found = paging.pages(
        client,
        "getProduct",
        limits.bucket_for("getProduct", single=single),
        lambda num, start: product_query_xml(query, num, start),
        "Product",
        product_from_xml,
        lambda product: product.sku,
        page_size=page_size,
        single=single,
    )
    return [product for page in found for product in page]


def product_write_xml(write: ProductWrite) -> Element:
    el = xml_codec.new_root("Product")
    add(el, "Action", write.action)
    add(el, "Sku", write.sku)
    if write.action == "delete":
        return el
    if write.action == "modify":
        add(el, "SkuNew", write.sku_new)
    add(el, "Name", write.name, cdata=True)
    add(el, "Unit", write.unit)
    if write.description_long is not None:
        description = xml_codec.group(el, "Description")
        add(description, "Long", write.description_long, cdata=True)
    if write.price_net is not None or write.price_gross is not None:
        price = xml_codec.group(xml_codec.group(el, "Prices"), "Price")
        add(price, "Type", "normal")
        add(price, "Net", write.price_net)
        add(price, "Gross", write.price_gross)
    if write.base_category:
        category = xml_codec.group(xml_codec.group(el, "Categories"), "Category")
        add(category, "Type", "base")
        add(category, "Name", write.base_category, cdata=True)
    if write.image is not None:
        images = xml_codec.group(el, "Images")
        add(images, "Version", write.image.version)
        image = xml_codec.group(images, "Image")
        add(image, "Type", "base")
        add(image, "Filename", write.image.filename)
        add(xml_codec.group(image, "Import"), "Encoded", base64.b64encode(write.image.data).decode("ascii"))
    if write.stock_active is not None or write.stock_qty is not None:
        stocks = xml_codec.group(el, "Stocks")
        if write.stock_active is not None:
            add(xml_codec.group(stocks, "Status"), "Active", write.stock_active)
        if write.stock_qty is not None:
            add(xml_codec.group(stocks, "Stock"), "Qty", write.stock_qty)
    return xml_codec.prune_empty(el)


def set_products(client: UnasClient, writes: Sequence[ProductWrite]) -> tuple[SetResult, Exception | None]:
    adds = {w.sku for w in writes if w.action == "add"}

    def already_added(keys: Sequence[str]) -> dict[str, str]:
        """After a batch answered with one root <Error>: which of its adds were done anyway."""
        wanted = [k for k in keys if k in adds]
        if not wanted:
            return {}
        found = get_products(client, ProductQuery(skus=wanted, content_type="minimal"))
        return {p.sku: p.id or "" for p in found if p.sku in wanted}

    return client.set_items(
        "setProduct",
        "Products",
        [(w.sku, product_write_xml(w)) for w in writes],
        answer_key="Sku",
        answer_aliases={w.sku_new: w.sku for w in writes if w.sku_new},
        already_done=already_added,
    )
