"""What a shop's staff and buyers do to orders, as the live shop does it (unas-quirks.md B49, B50).

Placing an order consumes the shop's stock at once (the lines carry ``StockConsumptions``);
cancelling puts it back (``Readings.restock_on_cancel``: the safe reading, kept a switch). Merging
and splitting make new orders that name their sources in ``Info``; a return is a new order naming
the original in ``Info.ReturnedFrom``.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest

MAIN_STOCK = "main_stock"
CANCELLED_TYPE = "close_fault"


def consume(state: ShopState, order: dict[str, Any]) -> None:
    """Take the order's goods from the shop's stock, as UNAS does when the order is placed."""
    for item in order["items"]:
        product = state.product_by_sku(item["sku"])
        if product is None or str(product["id"]) != str(item["id"]):
            continue
        qty = Decimal(item["quantity"])
        product["qty"] = _plain(Decimal(product["qty"]) - qty)
        product["modified"] = state.clock.now()
        item["consumed"] = [[MAIN_STOCK, _plain(qty)]]


def release(state: ShopState, order: dict[str, Any]) -> None:
    """A cancelled order's consumed stock goes back (once)."""
    if not state.data.readings.restock_on_cancel or order.get("restocked"):
        return
    for item in order["items"]:
        product = state.product_by_sku(item["sku"])
        for _warehouse, qty in item.get("consumed") or []:
            if product is not None:
                product["qty"] = _plain(Decimal(product["qty"]) + Decimal(qty))
                product["modified"] = state.clock.now()
    order["restocked"] = True


def set_status(state: ShopState, order: dict[str, Any], status_id: int | str) -> None:
    status = state.status(str(status_id))
    if status is None:
        raise BadRequest(f"Unknown status: {status_id}")
    order["status_id"] = status["id"]
    order["date_mod"] = state.clock.now()
    if status["type"] == CANCELLED_TYPE:
        release(state, order)


def merge(state: ShopState, keys: list[str]) -> dict[str, Any]:
    """One new order with the goods of ``keys``; the sources disappear (or, with
    ``Readings.merge_keeps_sources``, stay cancelled without giving their stock back)."""
    sources = [_order(state, k) for k in keys]
    merged = copy.deepcopy(sources[0])
    merged["items"] = [copy.deepcopy(i) for s in sources for i in s["items"] if _is_goods(i)]
    merged["items"] += [copy.deepcopy(i) for i in sources[0]["items"] if not _is_goods(i)]
    merged.update(_new_identity(state))
    merged["info"] = {"MergedFrom": list(keys)}
    for source in sources:
        if state.data.readings.merge_keeps_sources:
            source["restocked"] = True  # the goods live on in the merged order
            set_status(state, source, _cancel_status(state))
        else:
            source["deleted"] = True
    state.data.orders.append(merged)
    return merged


def split(state: ShopState, key: str, skus: list[str]) -> dict[str, Any]:
    """The lines ``skus`` leave ``key`` for a new order; both name each other in ``Info``."""
    source = _order(state, key)
    moving = [i for i in source["items"] if i["sku"] in skus]
    if not moving:
        raise BadRequest("Nothing to split")
    new = copy.deepcopy(source)
    new.update(_new_identity(state))
    new["items"] = copy.deepcopy(moving)
    new["info"] = {"SeparatedFrom": [key]}
    source["items"] = [i for i in source["items"] if i["sku"] not in skus]
    source.setdefault("info", {}).setdefault("SeparatedTo", []).append(new["key"])
    source["date_mod"] = state.clock.now()
    state.data.orders.append(new)
    return new


def return_of(state: ShopState, key: str, quantities: dict[str, str]) -> dict[str, Any]:
    """A return order: the given goods of ``key``, negative quantities, ``Info.ReturnedFrom``."""
    source = _order(state, key)
    new = copy.deepcopy(source)
    new.update(_new_identity(state))
    new["items"] = []
    for item in source["items"]:
        if item["sku"] in quantities:
            line = copy.deepcopy(item)
            line["quantity"] = _plain(-abs(Decimal(quantities[item["sku"]])))
            line.pop("consumed", None)
            new["items"].append(line)
    new["info"] = {"ReturnedFrom": [key]}
    source.setdefault("info", {}).setdefault("ReturnedTo", []).append(new["key"])
    state.data.orders.append(new)
    return new


def change_items(state: ShopState, key: str, quantities: dict[str, str]) -> dict[str, Any]:
    """The shop's staff change line quantities (0 removes the line)."""
    order = _order(state, key)
    for item in list(order["items"]):
        if item["sku"] in quantities:
            qty = Decimal(quantities[item["sku"]])
            if qty == 0:
                order["items"].remove(item)
            else:
                item["quantity"] = _plain(qty)
    order["date_mod"] = state.clock.now()
    return order


def _order(state: ShopState, key: str) -> dict[str, Any]:
    order = state.order_by_key(key)
    if order is None:
        raise BadRequest(f"Order not found: {key}")
    return order


def _new_identity(state: ShopState) -> dict[str, Any]:
    data = state.data
    data.next_order_number += 1
    now = state.clock.now()
    return {
        "key": f"{data.shop_id[-4:]}-{data.next_order_number:07d}",
        "id": str(state.new_id()),
        "date": now,
        "date_mod": now,
        "invoice_number": None,
        "storno_number": None,
        "restocked": False,
    }


def _cancel_status(state: ShopState) -> int:
    return next(int(s["id"]) for s in state.data.order_statuses if s["type"] == CANCELLED_TYPE)


def _is_goods(item: dict[str, Any]) -> bool:
    # Service and other synthetic lines have Id = Sku in lower case (shipping-cost, gift …).
    return not (item["id"] == item["sku"] and str(item["id"]).islower())


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"
