"""One handler per UNAS endpoint, registered by name; set calls answer per item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from app.sandbox.lookup_endpoints import (
    get_category,
    get_customer,
    get_method,
    get_order_status,
    get_setting,
    set_category,
)
from app.sandbox.order_endpoints import get_order, set_order
from app.sandbox.product_endpoints import get_product, get_stock, set_product, set_stock
from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest, dump, node, root, val


def tier(endpoint: str, req: etree._Element) -> str:
    if endpoint in ("getMethod", "getOrderStatus", "getSetting"):
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


GETTERS: dict[str, Callable[[ShopState, etree._Element], bytes]] = {
    "getOrder": get_order,
    "getProduct": get_product,
    "getStock": get_stock,
    "getCategory": get_category,
    "getMethod": get_method,
    "getOrderStatus": get_order_status,
    "getCustomer": get_customer,
    "getSetting": get_setting,
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
                if state.data.readings.stop_answers_root_error:
                    # The other reading of B46: the whole answer is the one <Error>, though the
                    # entities before it were processed.
                    raise
                break
    return dump(out), any_error
