"""Sandbox getProduct / setProduct (with image import) and getStock / setStock."""

from __future__ import annotations

import base64
import io
from decimal import Decimal
from typing import Any

from lxml import etree

from app.sandbox.params import SKU_RE, decimal_param, in_range, int_param, plain, window
from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest, dump, node, root, val


def get_product(state: ShopState, req: etree._Element) -> bytes:
    want_state = val(req, "State") or "live"
    products = [p for p in state.data.products if p["state"] == want_state]
    if val(req, "Id"):
        products = [p for p in products if str(p["id"]) == val(req, "Id")]  # Id overrides Sku
    elif val(req, "Sku"):
        skus = val(req, "Sku").split(",")  # type: ignore[union-attr]
        products = [p for p in products if p["sku"] in skus]
    if val(req, "CategoryId"):
        ids = {int(i) for i in val(req, "CategoryId").split(",")}  # type: ignore[union-attr]
        products = [p for p in products if p["categories"] and p["categories"][0] in ids]
    if val(req, "StatusBase"):
        bases = set(val(req, "StatusBase").split(","))  # type: ignore[union-attr]
        products = [p for p in products if str(p.get("status_base", 1)) in bases]
    exclusive = state.data.readings.exclusive_time_bounds
    low, high = int_param(val(req, "TimeStart"), "TimeStart"), int_param(val(req, "TimeEnd"), "TimeEnd")
    products = [p for p in products if in_range(p["modified"], low, high, exclusive)]
    products.sort(key=lambda p: p["id"])
    content = val(req, "ContentType") or "normal"
    out = root("Products")
    for p in window(state, req, products, default=None, cap=None):
        _product_xml(state, out, p, content)
    return dump(out)


def _product_xml(state: ShopState, parent: etree._Element, p: dict[str, Any], content: str) -> None:
    el = node(parent, "Product")
    node(el, "Action", "modify")
    node(el, "State", p["state"])
    node(el, "Id", p["id"])
    node(el, "Sku", p["sku"])
    node(el, "Name", p["name"], cdata=True)
    node(el, "Unit", p["unit"])
    node(el, "LastModTime", int(p["modified"]))
    if content != "minimal":
        prices = node(el, "Prices")
        node(prices, "Vat", p["vat"])
        price = node(prices, "Price")
        node(price, "Type", "normal")
        node(price, "Net", p["net"])
        node(price, "Gross", p["gross"])
        cats = node(el, "Categories")
        for position, cid in enumerate(p["categories"]):
            if position and content != "full":
                break
            c = state.category(cid)
            cat = node(cats, "Category")
            node(cat, "Type", "base" if position == 0 else "alt")
            node(cat, "Id", cid)
            if c:
                node(cat, "Name", state.category_path(c), cdata=True)
        if p.get("image"):
            images = node(el, "Images")
            img = node(images, "Image")
            node(img, "Type", "base")
            node(img, "SefUrl", f"{state.image_base}/img/{p['sku']}.{p['image']['ext']}")
    if content in ("normal", "full"):
        desc = node(el, "Description")
        if p.get("short"):
            node(desc, "Short", p["short"], cdata=True)
        if p.get("long"):
            node(desc, "Long", p["long"], cdata=True)
        stocks = node(el, "Stocks")
        status = node(stocks, "Status")
        node(status, "Active", "1" if p["stock_active"] else "0")
        node(status, "Empty", "0")
        node(status, "Variant", "1" if p.get("stock_variant") else "0")
        stock = node(stocks, "Stock")
        node(stock, "Qty", p["qty"])


def _image_ext(data: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise BadRequest("Image import: not a valid image") from exc
    if fmt not in ("JPEG", "PNG"):
        raise BadRequest(f"Image import: unsupported image format {fmt}")
    return "jpg" if fmt == "JPEG" else "png"


def set_product(state: ShopState, item: etree._Element) -> dict[str, Any]:
    action = val(item, "Action")
    sku = val(item, "Sku")
    if sku in state.data.refuse_skus:
        raise BadRequest(f"The shop refused this product: {sku}")
    if not sku or not SKU_RE.match(sku):
        raise BadRequest(f"Invalid Sku: {sku!r} (allowed: English letters, digits, - and _)")
    now = state.clock.now()
    if action == "add":
        if state.product_by_sku(sku):
            raise BadRequest(f"Sku already exists: {sku}")
        price = _normal_price(item)
        base = _base_category(state, item)
        if not val(item, "Name") or not val(item, "Unit") or price is None or base is None:
            raise BadRequest("Mandatory on add: Sku, Name, Unit, a normal Price and a base Category")
        new: dict[str, Any] = {
            "id": state.new_id(),
            "sku": sku,
            "name": val(item, "Name"),
            "unit": val(item, "Unit"),
            "net": price[0],
            "gross": price[1],
            "vat": _vat_of(price),
            "categories": [base],
            "short": None,
            "long": val(item, "Description/Long"),
            "image": None,
            "image_version_sends": 0,
            "stock_active": val(item, "Stocks/Status/Active") == "1",
            "qty": val(item, "Stocks/Stock/Qty") or "0",
            "state": "live",
            "created": now,
            "modified": now,
            "status_base": 1,
        }
        _apply_images(state, new, item)
        state.data.products.append(new)
        return {"Id": new["id"], "Sku": sku}
    product = state.product_by_sku(sku)
    if product is None:
        raise BadRequest(f"Product not found: {sku}")
    if action == "delete":
        product["state"] = "deleted"
        product["modified"] = now
        return {"Id": product["id"], "Sku": sku}
    if action != "modify":
        raise BadRequest(f"Invalid Action: {action}")
    new_sku = val(item, "SkuNew")
    if new_sku:
        if not SKU_RE.match(new_sku):
            raise BadRequest(f"Invalid SkuNew: {new_sku!r}")
        product["sku"] = new_sku
    for tag, key in (
        ("Name", "name"),
        ("Unit", "unit"),
        ("Description/Long", "long"),
        ("Description/Short", "short"),
    ):
        value = item.find(tag)
        if value is not None:
            # Present but empty erases the value, as the contract warns.
            product[key] = (value.text or "").strip() or None
    price = _normal_price(item)
    if price is not None:
        product["net"], product["gross"] = price
        product["vat"] = _vat_of(price)
    if item.find("Categories/Category") is not None:
        base = _base_category(state, item)
        if base is None:
            raise BadRequest("Unknown category")
        product["categories"] = [base] + [c for c in product["categories"][1:] if c != base]
    if val(item, "Stocks/Status/Active") is not None:
        product["stock_active"] = val(item, "Stocks/Status/Active") == "1"
    _apply_images(state, product, item)
    product["modified"] = now
    return {"Id": product["id"], "Sku": product["sku"]}


def _normal_price(item: etree._Element) -> tuple[str, str] | None:
    for price in item.iterfind("Prices/Price"):
        if (val(price, "Type") or "normal") == "normal":
            net, gross = decimal_param(val(price, "Net"), "Net"), decimal_param(val(price, "Gross"), "Gross")
            if net is None or gross is None:
                raise BadRequest("A normal price needs Net and Gross")
            return plain(net), plain(gross)
    return None


def _vat_of(price: tuple[str, str]) -> str:
    net, gross = Decimal(price[0]), Decimal(price[1])
    if net == 0:
        return "27%"
    rate = ((gross / net - 1) * 100).quantize(Decimal(1))
    return f"{rate}%"


def _base_category(state: ShopState, item: etree._Element) -> int | None:
    for cat in item.iterfind("Categories/Category"):
        if (val(cat, "Type") or "base") != "base":
            continue
        if val(cat, "Id"):
            found = state.category(int(val(cat, "Id")))  # type: ignore[arg-type]
        else:
            found = state.category_by_path(val(cat, "Name") or "")
        if found is None:
            raise BadRequest(f"Category not found: {val(cat, 'Id') or val(cat, 'Name')}")
        return int(found["id"])
    return None


def _apply_images(state: ShopState, product: dict[str, Any], item: etree._Element) -> None:
    version = val(item, "Images/Version")
    for image in item.iterfind("Images/Image"):
        encoded = val(image, "Import/Encoded")
        if encoded is None:
            continue
        try:
            data = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise BadRequest("Image import: Encoded is not base64") from exc
        ext = _image_ext(data)
        if product.get("image") and not version:
            continue  # only imported "if the product has no image recorded yet"
        if version:
            product["image_version_sends"] = product.get("image_version_sends", 0) + 1
        new_image = {"ext": ext, "data": encoded, "version": version}
        if state.data.readings.async_images:
            state.pending_images.append((state.clock.now(), product["sku"], new_image))
        else:
            product["image"] = new_image


def get_stock(state: ShopState, req: etree._Element) -> bytes:
    products = [p for p in state.data.products if p["state"] == "live"]
    if val(req, "Id"):
        products = [p for p in products if str(p["id"]) == val(req, "Id")]
    elif val(req, "Sku"):
        skus = val(req, "Sku").split(",")  # type: ignore[union-attr]
        products = [p for p in products if p["sku"] in skus]
    if val(req, "TimeStart"):
        since = int_param(val(req, "TimeStart"), "TimeStart") or 0
        products = [p for p in products if p["modified"] > since]
    products.sort(key=lambda p: p["id"])
    out = root("Products")
    for p in window(state, req, products, default=None, cap=None):
        el = node(out, "Product")
        node(el, "Id", p["id"])
        node(el, "Sku", p["sku"])
        node(node(node(el, "Stocks"), "Stock"), "Qty", p["qty"])
    return dump(out)


def set_stock(state: ShopState, item: etree._Element) -> dict[str, Any]:
    action = val(item, "Action")
    sku = val(item, "Sku")
    product = state.product_by_sku(sku or "")
    if product is None:
        raise BadRequest(f"Product not found: {sku}")
    if item.find("Stocks/Stock/WarehouseId") is not None:
        raise BadRequest("Additional warehouses are not set up in this shop")
    qty = decimal_param(val(item, "Stocks/Stock/Qty"), "Qty")
    if qty is None:
        raise BadRequest("Qty is mandatory")
    current = Decimal(product["qty"])
    if action == "modify":
        new = qty
    elif action == "in":
        new = current + qty
    elif action == "out":
        new = current - qty
    else:
        raise BadRequest(f"Invalid Action: {action}")
    product["qty"] = plain(new)
    product["modified"] = state.clock.now()
    return {"Id": product["id"], "Sku": sku}
