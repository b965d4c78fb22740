"""Sandbox getOrder / setOrder."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from app.sandbox import order_events
from app.sandbox.params import MAX_ORDERS, address_xml, in_range, int_param, plain, window
from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest, dump, local_time, node, parse_day, root, val


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
        low_ts, high_ts = int_param(val(req, low_tag), low_tag), int_param(val(req, high_tag), high_tag)
        orders = [o for o in orders if in_range(o[field], low_ts, high_ts, exclusive)]
    day_start, day_end = val(req, "DateStart"), val(req, "DateEnd")
    if day_start or day_end:
        low = parse_day(day_start) if day_start else None
        high = parse_day(day_end) + 86399 if day_end else None
        orders = [o for o in orders if in_range(o["date"], low, high, False)]
    orders.sort(key=lambda o: (o["date_mod"], o["key"]))
    chosen = window(state, req, orders, default=MAX_ORDERS, cap=MAX_ORDERS)
    autoset = req.find("InvoiceAutoSet")
    if autoset is not None and (
        state.data.readings.invoice_autoset_any_value or (autoset.text or "").strip() == "1"
    ):
        for order in chosen:
            order["invoice_status"] = 2
            order["date_mod"] = state.clock.now()
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
    address_xml(addresses, "Invoice", c.get("invoice", {}))
    address_xml(addresses, "Shipping", c.get("shipping", {}))
    if o.get("customer_comment"):
        node(cust, "Comment", o["customer_comment"], cdata=True)
    node(el, "Currency", o.get("currency", "HUF"))
    if o.get("exchange_value"):
        node(el, "ExchangeValue", o["exchange_value"])
    status = state.status(str(o["status_id"]))
    node(el, "Status", status["name"] if status else "", cdata=True)
    node(el, "StatusID", o["status_id"])
    node(el, "StatusType", status["type"] if status else "", cdata=True)  # on every live order (B48)
    node(el, "Authenticated", "yes")
    pay = node(el, "Payment")
    for k in ("Id", "Name", "Type", "Status", "Paid"):
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
    if o.get("storno_number"):
        node(node(el, "Storno"), "Number", o["storno_number"])
    if o.get("coupon"):
        node(el, "Coupon", o["coupon"])
    if o.get("comments"):
        comments = node(el, "Comments")
        for ctype, text in o["comments"]:
            cm = node(comments, "Comment")
            node(cm, "Type", ctype)
            node(cm, "Text", text, cdata=True)
    total = sum((Decimal(i["price_gross"]) * Decimal(i["quantity"]) for i in o["items"]), Decimal(0))
    node(el, "SumPriceGross", plain(total))
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
        if i.get("consumed"):
            consumptions = node(it, "StockConsumptions")
            for warehouse, qty in i["consumed"]:
                used = node(consumptions, "StockConsumption")
                node(used, "Id", warehouse)
                node(used, "Name", "Main stock" if warehouse == "main_stock" else warehouse)
                node(used, "Quantity", qty)
    if o.get("info"):
        info = node(el, "Info")
        for tag, keys in o["info"].items():
            for key in keys:
                node(node(info, tag), "Key", key)


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
            order_events.set_status(state, order, val(item, "Status"))  # type: ignore[arg-type]
        inv_status = val(item, "Invoice/Status")
        if inv_status is not None:
            if inv_status not in ("0", "1", "2"):
                raise BadRequest("Invoice.Status must be 0, 1 or 2")
            order["invoice_status"] = int(inv_status)
        if val(item, "Invoice/Number"):
            order["invoice_number"] = val(item, "Invoice/Number")
        if val(item, "Storno/Number"):
            order["storno_number"] = val(item, "Storno/Number")
        order["date_mod"] = state.clock.now()
        return {"Key": order["key"]}
    if action == "add":
        raise BadRequest("Order add is not supported by the sandbox; use the admin place_order")
    raise BadRequest(f"Invalid Action: {action}")
