"""One handler per UNAS endpoint; each takes the request root and returns the answer XML."""

from __future__ import annotations

import base64
import io
import random
import re
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest, dump, local_time, node, parse_day, root, val

SKU_RE = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_ORDERS = 500


# --- tiers (single vs multi, ≤100 vs >100) ----------------------------------------------------
def tier(endpoint: str, req: etree._Element) -> str:
    if endpoint in ("getMethod", "getOrderStatus"):
        return "flat"
    if endpoint.startswith("set"):
        return "small" if len(req) <= 100 else "large"
    if endpoint == "getOrder":
        return "single" if val(req, "Key") else "multi"
    if endpoint in ("getProduct", "getStock"):
        skus = (val(req, "Sku") or "").split(",")
        return "single" if val(req, "Id") or (val(req, "Sku") and len(skus) == 1) else "multi"
    if endpoint in ("getCategory", "getCustomer"):
        return "single" if val(req, "Id") or val(req, "Email") else "multi"
    return "multi"


def _dec(raw: str | None, what: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise BadRequest(f"Invalid number in {what}: {raw}") from exc


def _int(raw: str | None, what: str) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit():
        raise BadRequest(f"{what} must be a positive integer")
    return int(raw)


def _window(
    state: ShopState,
    req: etree._Element,
    items: list[dict[str, Any]],
    *,
    default: int | None,
    cap: int | None,
) -> list[dict[str, Any]]:
    readings = state.data.readings
    if readings.unsorted:
        items = items[:]
        random.Random(len(items) + int(time.time())).shuffle(items)
    limit = _int(val(req, "LimitNum"), "LimitNum")
    start = _int(val(req, "LimitStart"), "LimitStart")
    if start is not None and limit is None:
        raise BadRequest("LimitStart can only be used together with LimitNum")
    if limit is None:
        limit = default
    if cap is not None and limit is not None:
        limit = min(limit, cap)
    offset = 0
    if start:
        offset = start - 1 if readings.limit_start_one_based else start
    chosen = items[offset:]
    return chosen if limit is None else chosen[:limit]


def _in_range(value: float, low: float | None, high: float | None, exclusive: bool) -> bool:
    if low is not None and (value <= low if exclusive else value < low):
        return False
    return not (high is not None and (value >= high if exclusive else value > high))


# --- orders -----------------------------------------------------------------------------------
def get_order(state: ShopState, req: etree._Element) -> bytes:
    exclusive = state.data.readings.exclusive_time_bounds
    orders = [o for o in state.data.orders if not o.get("deleted")]
    key = val(req, "Key")
    if key:
        orders = [o for o in orders if o["key"] == key or o.get("internal_key") == key]
    status = val(req, "Status")
    if status:
        orders = [o for o in orders if str(o["status_id"]) == status or _status_type(state, o) == status]
    if val(req, "StatusName"):
        names = set(val(req, "StatusName").split("|"))  # type: ignore[union-attr]
        orders = [o for o in orders if _status_name(state, o) in names]
    if val(req, "StatusID"):
        ids = set(val(req, "StatusID").split(","))  # type: ignore[union-attr]
        orders = [o for o in orders if str(o["status_id"]) in ids]
    if val(req, "Email"):
        orders = [o for o in orders if o["customer"].get("email") == val(req, "Email")]
    if val(req, "InvoiceStatus") is not None:
        orders = [o for o in orders if str(o["invoice_status"]) == val(req, "InvoiceStatus")]
    for low_tag, high_tag, field in (
        ("TimeStart", "TimeEnd", "date"),
        ("TimeModStart", "TimeModEnd", "date_mod"),
    ):
        low, high = _int(val(req, low_tag), low_tag), _int(val(req, high_tag), high_tag)
        orders = [o for o in orders if _in_range(o[field], low, high, exclusive)]
    if val(req, "DateStart") or val(req, "DateEnd"):
        low = parse_day(val(req, "DateStart")) if val(req, "DateStart") else None  # type: ignore[arg-type]
        high = parse_day(val(req, "DateEnd")) + 86399 if val(req, "DateEnd") else None  # type: ignore[arg-type]
        orders = [o for o in orders if _in_range(o["date"], low, high, False)]
    orders.sort(key=lambda o: (o["date_mod"], o["key"]))
    chosen = _window(state, req, orders, default=MAX_ORDERS, cap=MAX_ORDERS)
    autoset = req.find("InvoiceAutoSet")
    if autoset is not None and (
        state.data.readings.invoice_autoset_any_value or (autoset.text or "").strip() == "1"
    ):
        for order in chosen:
            order["invoice_status"] = 2
            order["date_mod"] = time.time()
    out = root("Orders")
    for order in chosen:
        _order_xml(state, out, order)
    return dump(out)


def _status_type(state: ShopState, order: dict[str, Any]) -> str | None:
    s = state.status(str(order["status_id"]))
    return s["type"] if s else None


def _status_name(state: ShopState, order: dict[str, Any]) -> str | None:
    s = state.status(str(order["status_id"]))
    return s["name"] if s else None


def _address_xml(parent: etree._Element, tag: str, addr: dict[str, Any]) -> None:
    el = node(parent, tag)
    for key in (
        "Name",
        "ZIP",
        "City",
        "Street",
        "County",
        "Country",
        "CountryCode",
        "TaxNumber",
        "EUTaxNumber",
        "CustomerType",
    ):
        if addr.get(key) not in (None, ""):
            node(el, key, addr[key], cdata=key in ("Name", "Street", "City"))


def _order_xml(state: ShopState, parent: etree._Element, o: dict[str, Any]) -> None:
    el = node(parent, "Order")
    node(el, "Action", "modify")  # the contract's getOrder example carries it
    node(el, "Key", o["key"])
    if o.get("internal_key"):
        node(el, "InternalKey", o["internal_key"])
    node(el, "Id", o["id"])
    node(el, "Date", local_time(o["date"]))
    node(el, "DateMod", local_time(o["date_mod"]))
    node(el, "Lang", "hu")
    c = o["customer"]
    cust = node(el, "Customer")
    if c.get("id"):
        node(cust, "Id", c["id"])
    if c.get("email"):
        node(cust, "Email", c["email"])
    contact = node(cust, "Contact")
    node(contact, "Name", c.get("name", ""), cdata=True)
    if c.get("phone"):
        node(contact, "Phone", c["phone"])
    addresses = node(cust, "Addresses")
    _address_xml(addresses, "Invoice", c.get("invoice", {}))
    _address_xml(addresses, "Shipping", c.get("shipping", {}))
    if o.get("customer_comment"):
        node(cust, "Comment", o["customer_comment"], cdata=True)
    node(el, "Currency", o.get("currency", "HUF"))
    if o.get("exchange_value"):
        node(el, "ExchangeValue", o["exchange_value"])
    status = state.status(str(o["status_id"]))
    node(el, "Status", status["name"] if status else "", cdata=True)
    node(el, "StatusID", o["status_id"])
    node(el, "Authenticated", "yes")
    pay = node(el, "Payment")
    for k in ("Id", "Name", "Type", "Status"):
        if o["payment"].get(k.lower()) is not None:
            node(pay, k, o["payment"][k.lower()], cdata=k == "Name")
    ship = node(el, "Shipping")
    for k in ("Id", "Name"):
        if o["shipping"].get(k.lower()) is not None:
            node(ship, k, o["shipping"][k.lower()], cdata=k == "Name")
    inv = node(el, "Invoice")
    node(inv, "Status", o["invoice_status"])
    node(
        inv, "StatusText", {0: "Nem számlázható", 1: "Számlázható", 2: "Számlázva"}[int(o["invoice_status"])]
    )
    if o.get("invoice_number"):
        node(inv, "Number", o["invoice_number"])
    if o.get("coupon"):
        node(el, "Coupon", o["coupon"])
    if o.get("comments"):
        comments = node(el, "Comments")
        for ctype, text in o["comments"]:
            cm = node(comments, "Comment")
            node(cm, "Type", ctype)
            node(cm, "Text", text, cdata=True)
    total = sum(Decimal(i["price_gross"]) * Decimal(i["quantity"]) for i in o["items"])
    node(el, "SumPriceGross", _plain(total))
    items = node(el, "Items")
    for i in o["items"]:
        it = node(items, "Item")
        node(it, "Id", i["id"])
        node(it, "Sku", i["sku"])
        node(it, "Name", i["name"], cdata=True)
        if i.get("variants"):
            variants = node(it, "Variants")
            for position, (vname, vvalue) in enumerate(i["variants"], start=1):
                variant = node(variants, "Variant")
                node(variant, "Id", position)
                node(variant, "Name", vname, cdata=True)
                node(variant, "Value", vvalue, cdata=True)
        node(it, "Unit", i.get("unit", "db"))
        # UNAS writes quantities with four decimals ("3.0000").
        node(it, "Quantity", f"{Decimal(i['quantity']):.4f}")
        node(it, "PriceNet", i["price_net"])
        node(it, "PriceGross", i["price_gross"])
        node(it, "Vat", i["vat"])
        if i.get("percent"):
            node(it, "Percent", i["percent"])


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def set_order(state: ShopState, item: etree._Element) -> dict[str, Any]:
    action = val(item, "Action")
    key = val(item, "Key")
    if action == "modify" or action == "delete":
        order = state.order_by_key(key or "") if key else None
        if order is None:
            raise BadRequest(f"Order not found: {key}")
        if action == "delete":
            order["deleted"] = True
            state.data.deleted_order_keys.append(order["key"])
            return {"Key": order["key"]}
        if val(item, "Status"):
            status = state.status(val(item, "Status"))  # type: ignore[arg-type]
            if status is None:
                raise BadRequest(f"Unknown status: {val(item, 'Status')}")
            order["status_id"] = status["id"]
        inv_status = val(item, "Invoice/Status")
        if inv_status is not None:
            if inv_status not in ("0", "1", "2"):
                raise BadRequest("Invoice.Status must be 0, 1 or 2")
            order["invoice_status"] = int(inv_status)
        if val(item, "Invoice/Number"):
            order["invoice_number"] = val(item, "Invoice/Number")
        order["date_mod"] = time.time()
        return {"Key": order["key"]}
    if action == "add":
        raise BadRequest("Order add is not supported by the sandbox; use the admin place_order")
    raise BadRequest(f"Invalid Action: {action}")


# --- products ---------------------------------------------------------------------------------
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
    low, high = _int(val(req, "TimeStart"), "TimeStart"), _int(val(req, "TimeEnd"), "TimeEnd")
    products = [p for p in products if _in_range(p["modified"], low, high, exclusive)]
    products.sort(key=lambda p: p["id"])
    content = val(req, "ContentType") or "normal"
    out = root("Products")
    for p in _window(state, req, products, default=None, cap=None):
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
            node(img, "SefUrl", f"https://sandbox.invalid/img/{p['sku']}.{p['image']['ext']}")
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
    if not sku or not SKU_RE.match(sku):
        raise BadRequest(f"Invalid Sku: {sku!r} (allowed: English letters, digits, - and _)")
    now = time.time()
    if action == "add":
        if state.product_by_sku(sku):
            raise BadRequest(f"Sku already exists: {sku}")
        price = _normal_price(item)
        base = _base_category(state, item)
        if not val(item, "Name") or not val(item, "Unit") or price is None or base is None:
            raise BadRequest("Mandatory on add: Sku, Name, Unit, a normal Price and a base Category")
        product = {
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
        _apply_images(state, product, item)
        state.data.products.append(product)
        return {"Id": product["id"], "Sku": sku}
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
            net, gross = _dec(val(price, "Net"), "Net"), _dec(val(price, "Gross"), "Gross")
            if net is None or gross is None:
                raise BadRequest("A normal price needs Net and Gross")
            return _plain(net), _plain(gross)
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
            state.pending_images.append((time.time(), product["sku"], new_image))
        else:
            product["image"] = new_image


# --- stock ------------------------------------------------------------------------------------
def get_stock(state: ShopState, req: etree._Element) -> bytes:
    products = [p for p in state.data.products if p["state"] == "live"]
    if val(req, "Id"):
        products = [p for p in products if str(p["id"]) == val(req, "Id")]
    elif val(req, "Sku"):
        skus = val(req, "Sku").split(",")  # type: ignore[union-attr]
        products = [p for p in products if p["sku"] in skus]
    if val(req, "TimeStart"):
        since = _int(val(req, "TimeStart"), "TimeStart") or 0
        products = [p for p in products if p["modified"] > since]
    products.sort(key=lambda p: p["id"])
    out = root("Products")
    for p in _window(state, req, products, default=None, cap=None):
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
    qty = _dec(val(item, "Stocks/Stock/Qty"), "Qty")
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
    product["qty"] = _plain(new)
    product["modified"] = time.time()
    return {"Id": product["id"], "Sku": sku}


# --- categories, methods, statuses, customers ------------------------------------------------
def get_category(state: ShopState, req: etree._Element) -> bytes:
    cats = list(state.data.categories)
    if val(req, "Id"):
        cats = [c for c in cats if str(c["id"]) == val(req, "Id")]
    if val(req, "Name"):
        cats = [c for c in cats if c["name"] == val(req, "Name")]
    if val(req, "Parent"):
        cats = [c for c in cats if str(c.get("parent_id")) == val(req, "Parent")]
    cats.sort(key=lambda c: c["id"])
    out = root("Categories")
    for c in _window(state, req, cats, default=None, cap=None):
        el = node(out, "Category")
        node(el, "Id", c["id"])
        node(el, "Name", c["name"], cdata=True)
        parent = state.category(c["parent_id"]) if c.get("parent_id") else None
        if parent is not None:
            p = node(el, "Parent")
            node(p, "Id", parent["id"])
            node(p, "Tree", state.category_path(parent), cdata=True)
    return dump(out)


def set_category(state: ShopState, item: etree._Element) -> dict[str, Any]:
    action = val(item, "Action")
    if action == "add":
        name = val(item, "Name")
        if not name:
            raise BadRequest("Name is mandatory")
        parent_id = None
        if val(item, "Parent/Id"):
            parent_id = int(val(item, "Parent/Id"))  # type: ignore[arg-type]
            if state.category(parent_id) is None:
                raise BadRequest(f"Parent category not found: {parent_id}")
        elif val(item, "Parent/Tree"):
            parent = state.category_by_path(val(item, "Parent/Tree"))  # type: ignore[arg-type]
            if parent is None:
                raise BadRequest(f"Parent category not found: {val(item, 'Parent/Tree')}")
            parent_id = parent["id"]
        new = {"id": state.new_id(), "name": name, "parent_id": parent_id}
        path = state.category_path(new)
        if state.category_by_path(path):
            raise BadRequest(f"Category already exists: {path}")
        state.data.categories.append(new)
        return {"Id": new["id"]}
    category = state.category(int(val(item, "Id") or 0))
    if category is None:
        raise BadRequest("Category not found")
    if action == "delete":
        state.data.categories.remove(category)
    elif action == "modify":
        if val(item, "Name"):
            category["name"] = val(item, "Name")
    else:
        raise BadRequest(f"Invalid Action: {action}")
    return {"Id": category["id"]}


def get_method(state: ShopState, req: etree._Element) -> bytes:
    out = root("Methods")
    for m in state.data.methods:
        if val(req, "Type") and m["type"] != val(req, "Type"):
            continue
        if val(req, "Id") and str(m["id"]) != val(req, "Id"):
            continue
        el = node(out, "Method")
        node(el, "Id", m["id"])
        node(el, "Name", m["name"], cdata=True)
        node(el, "Active", "yes")
        node(el, "Type", m["type"])
        if m.get("subtype"):
            node(el, "SubType", m["subtype"])
        node(el, "Tax", m.get("tax", 27))
    return dump(out)


def get_order_status(state: ShopState, req: etree._Element) -> bytes:
    out = root("OrderStatuses")
    for s in state.data.order_statuses:
        if val(req, "Type") and s["type"] != val(req, "Type"):
            continue
        el = node(out, "OrderStatus")
        node(el, "Id", s["id"])
        node(el, "Name", s["name"], cdata=True)
        node(el, "Type", s["type"])
        node(el, "InvoiceStatus", s.get("invoice_status", "default"))
    return dump(out)


def get_customer(state: ShopState, req: etree._Element) -> bytes:
    customers = [c for c in state.data.customers if c.get("registered", True)]
    if val(req, "Id"):
        customers = [c for c in customers if str(c["id"]) == val(req, "Id")]
    if val(req, "Email"):
        customers = [c for c in customers if c["email"] == val(req, "Email")]
    low = _int(val(req, "ModTimeStart"), "ModTimeStart")
    customers = [c for c in customers if _in_range(c.get("modified", 0), low, None, False)]
    out = root("Customers")
    for c in _window(state, req, customers, default=None, cap=None):
        el = node(out, "Customer")
        node(el, "Id", c["id"])
        node(el, "Email", c["email"])
        contact = node(el, "Contact")
        node(contact, "Name", c["name"], cdata=True)
        if c.get("phone"):
            node(contact, "Phone", c["phone"])
        addresses = node(el, "Addresses")
        _address_xml(addresses, "Invoice", c.get("invoice", {}))
        _address_xml(addresses, "Shipping", c.get("shipping", {}))
    return dump(out)


GETTERS: dict[str, Callable[[ShopState, etree._Element], bytes]] = {
    "getOrder": get_order,
    "getProduct": get_product,
    "getStock": get_stock,
    "getCategory": get_category,
    "getMethod": get_method,
    "getOrderStatus": get_order_status,
    "getCustomer": get_customer,
}

SETTERS: dict[str, tuple[str, str, Callable[[ShopState, etree._Element], dict[str, Any]]]] = {
    # endpoint → (collection root, item tag, handler)
    "setOrder": ("Orders", "Order", set_order),
    "setProduct": ("Products", "Product", set_product),
    "setStock": ("Products", "Product", set_stock),
    "setCategory": ("Categories", "Category", set_category),
}


def run_setter(state: ShopState, endpoint: str, req: etree._Element) -> tuple[bytes, bool]:
    """Process each item; answer per item with Status ok/error. Returns (answer, any_error)."""
    collection, item_tag, handler = SETTERS[endpoint]
    if req.tag != collection:
        raise BadRequest(f"Root element must be <{collection}>")
    out = root(collection)
    any_error = False
    for item in req.iterfind(item_tag):
        answer = node(out, item_tag)
        action = val(item, "Action")
        try:
            if action is None:
                raise BadRequest("Action is mandatory")
            fields = handler(state, item)
            for key, value in fields.items():
                node(answer, key, value)
            node(answer, "Action", action)
            node(answer, "Status", "ok")
        except BadRequest as exc:
            any_error = True
            for tag in ("Key", "Sku"):
                if val(item, tag):
                    node(answer, tag, val(item, tag))
            if action:
                node(answer, "Action", action)
            node(answer, "Status", "error")
            node(answer, "Error", str(exc))
            if state.data.readings.stop_at_first_error:
                break
    return dump(out), any_error
