"""Sandbox categories, payment/shipping methods, order statuses and customers."""

from __future__ import annotations

from typing import Any

from lxml import etree

from app.sandbox.params import address_xml, in_range, int_param, window
from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest, dump, node, root, val


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
    for c in window(state, req, cats, default=None, cap=None):
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
    low = int_param(val(req, "ModTimeStart"), "ModTimeStart")
    customers = [c for c in customers if in_range(c.get("modified", 0), low, None, False)]
    out = root("Customers")
    for c in window(state, req, customers, default=None, cap=None):
        el = node(out, "Customer")
        node(el, "Id", c["id"])
        node(el, "Email", c["email"])
        contact = node(el, "Contact")
        node(contact, "Name", c["name"], cdata=True)
        if c.get("phone"):
            node(contact, "Phone", c["phone"])
        addresses = node(el, "Addresses")
        address_xml(addresses, "Invoice", c.get("invoice", {}))
        address_xml(addresses, "Shipping", c.get("shipping", {}))
    return dump(out)


def get_setting(state: ShopState, req: etree._Element) -> bytes:
    """getSetting vat: the shop's rates and calculation mode (the answer's shape is our reading)."""
    if (val(req, "Key") or "") != "vat":
        raise BadRequest("Unknown setting key")
    out = root("Settings")
    vat = node(out, "Vat")
    node(vat, "Country", val(req, "Country") or "hu")
    node(vat, "CalculateMode", state.data.calculate_mode)
    rates = node(vat, "Rates")
    for name, value in (("27%", "27"), ("18%", "18"), ("5%", "5"), ("AAM", "0"), ("TAM", "0")):
        rate = node(rates, "Rate")
        node(rate, "Name", name)
        node(rate, "Value", value)
    return dump(out)
