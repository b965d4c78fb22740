"""Lookups: categories (get/set), payment and shipping methods, order statuses, customers."""

from __future__ import annotations

from collections.abc import Sequence

from app.unas import limits, paging, xml_codec
from app.unas.client import UnasClient
from app.unas.orders import customer_from_xml
from app.unas.records import CategoryWrite, SetResult, ShopCategory, ShopCustomer, ShopMethod, ShopOrderStatus
from app.unas.xml_codec import Element, add, text


def get_categories(
    client: UnasClient, *, name: str | None = None, page_size: int = 500
) -> list[ShopCategory]:
    def build(num: int, start: int | None) -> Element:
        body = xml_codec.new_root("Params")
        add(body, "Name", name)
        add(body, "ContentType", "normal")
        add(body, "LimitNum", num)
        add(body, "LimitStart", start)
        return body

    def parse(c: Element) -> ShopCategory:
        return ShopCategory(
            id=text(c, "Id") or "",
            name=text(c, "Name"),
            parent_id=text(c, "Parent/Id"),
            parent_tree=text(c, "Parent/Tree"),
        )

    bucket = limits.bucket_for("getCategory", single=False)
    found = paging.pages(
        client, "getCategory", bucket, build, "Category", parse, lambda c: c.id, page_size=page_size
    )
    return [category for page in found for category in page]


def category_write_xml(write: CategoryWrite) -> Element:
    el = xml_codec.new_root("Category")
    add(el, "Action", write.action)
    add(el, "Id", write.id)
    add(el, "Name", write.name, cdata=True)
    parent = xml_codec.group(el, "Parent")
    add(parent, "Id", write.parent_id)
    add(parent, "Tree", write.parent_tree, cdata=True)
    return xml_codec.prune_empty(el)


def set_categories(client: UnasClient, writes: Sequence[CategoryWrite]) -> tuple[SetResult, Exception | None]:
    # The answer carries only Id and Status: items are matched by position.
    return client.set_items(
        "setCategory",
        "Categories",
        [(f"{w.parent_tree}|{w.name}" if w.parent_tree else w.name, category_write_xml(w)) for w in writes],
        answer_key=None,
    )


def get_methods(client: UnasClient, method_type: str | None = None) -> list[ShopMethod]:
    body = xml_codec.new_root("Params")
    add(body, "Type", method_type)
    answer = client.call("getMethod", body, limits.bucket_for("getMethod"))
    return [
        ShopMethod(
            id=text(m, "Id") or "",
            name=text(m, "Name"),
            type=text(m, "Type"),
            subtype=text(m, "SubType"),
            active=None if text(m, "Active") is None else text(m, "Active") == "yes",
            tax=xml_codec.decimal(m, "Tax"),
        )
        for m in answer.iterfind("Method")
    ]


def get_order_statuses(client: UnasClient) -> list[ShopOrderStatus]:
    answer = client.call("getOrderStatus", xml_codec.new_root("Params"), limits.bucket_for("getOrderStatus"))
    return [
        ShopOrderStatus(
            id=text(s, "Id") or "",
            name=text(s, "Name"),
            type=text(s, "Type"),
            invoice_status=text(s, "InvoiceStatus"),
        )
        for s in answer.iterfind("OrderStatus")
    ]


def get_customers(
    client: UnasClient, *, email: str | None = None, mod_time_start: int | None = None, limit_num: int = 500
) -> list[ShopCustomer]:
    body = xml_codec.new_root("Params")
    add(body, "Email", email)
    add(body, "ModTimeStart", mod_time_start)
    add(body, "LimitNum", limit_num)
    answer = client.call("getCustomer", body, limits.bucket_for("getCustomer", single=email is not None))
    return [customer_from_xml(c) for c in answer.iterfind("Customer")]


def get_vat_setting(client: UnasClient, country: str = "hu") -> tuple[str, tuple[tuple[str, str], ...]]:
    """getSetting vat (B51): how the shop calculates ("fromNetToGross" / "fromGrossToNet") and its
    rates. Optional: a failure is raised but never counted towards the failed-calls pause."""
    body = xml_codec.new_root("Params")
    add(body, "Key", "vat")
    add(body, "Country", country)
    before = client.store.failures("getSetting")
    try:
        answer = client.call("getSetting", body, limits.bucket_for("getSetting"))
    except Exception:
        client.store.set_failures("getSetting", *before)
        raise
    # Only CalculateMode is named by the documentation: looked for wherever it is.
    mode = next((el.text.strip() for el in answer.iter("CalculateMode") if el.text), "")
    rates = tuple(
        (text(r, "Name") or "", text(r, "Value") or "") for r in answer.iter("Rate") if text(r, "Name")
    )
    return mode, rates
