"""getOrder (filters, paging) and setOrder (status and invoice write-back) with their XML."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation

from app.unas import limits, paging, xml_codec
from app.unas.client import UnasClient
from app.unas.records import (
    Address,
    OrderQuery,
    OrderUpdate,
    SetResult,
    ShopCustomer,
    ShopOrder,
    ShopOrderLine,
)
from app.unas.xml_codec import Element, add, text

PAGE_SIZE = 500  # LimitNum: both the default and the maximum of getOrder


def order_query_xml(
    query: OrderQuery, limit_num: int | None = None, limit_start: int | None = None
) -> Element:
    root = xml_codec.new_root("Params")
    add(root, "Status", query.status)
    add(root, "StatusName", query.status_name)
    add(root, "StatusID", query.status_id)
    add(root, "Email", query.email)
    add(root, "InvoiceStatus", query.invoice_status)
    for tag, value in (
        ("TimeStart", query.time_start),
        ("TimeEnd", query.time_end),
        ("TimeModStart", query.time_mod_start),
        ("TimeModEnd", query.time_mod_end),
    ):
        add(root, tag, None if value is None else int(value.timestamp()))
    for tag, value in (("DateStart", query.date_start), ("DateEnd", query.date_end)):
        add(root, tag, None if value is None else value.date())
    add(root, "Key", query.key)
    add(root, "Lang", query.lang)
    if limit_num is not None:
        add(root, "LimitNum", limit_num)
        add(root, "LimitStart", limit_start)
    return root


def get_orders(client: UnasClient, query: OrderQuery, *, page_size: int = PAGE_SIZE) -> list[ShopOrder]:
    return list(iter_orders(client, query, page_size=page_size))


def iter_orders(
    client: UnasClient,
    query: OrderQuery,
    *,
    page_size: int = PAGE_SIZE,
    before_page: Callable[[], None] | None = None,
) -> Iterator[ShopOrder]:
    """All matching orders, de-duplicated by key + date (see iter_order_pages)."""
    for page in iter_order_pages(client, query, page_size=page_size, before_page=before_page):
        yield from page


def iter_order_pages(
    client: UnasClient,
    query: OrderQuery,
    *,
    page_size: int = PAGE_SIZE,
    before_page: Callable[[], None] | None = None,
) -> Iterator[list[ShopOrder]]:
    """Pages of matching orders (see app.unas.paging.pages); the same key + date only once."""
    single = query.key is not None
    yield from paging.pages(
        client,
        "getOrder",
        limits.bucket_for("getOrder", single=single),
        lambda num, start: order_query_xml(query, num, start),
        "Order",
        order_from_xml,
        lambda order: (order.unas_key, order.date),
        page_size=min(page_size, PAGE_SIZE),
        single=single,
        before_page=before_page,
    )


def _address(el: Element | None) -> Address:
    return Address(
        name=text(el, "Name"),
        zip=text(el, "ZIP"),
        city=text(el, "City"),
        street=text(el, "Street"),
        county=text(el, "County"),
        country=text(el, "Country"),
        country_code=text(el, "CountryCode"),
        tax_number=text(el, "TaxNumber"),
        eu_tax_number=text(el, "EUTaxNumber"),
        customer_type=text(el, "CustomerType"),
        delivery_point_id=text(el, "DeliveryPointID"),
        delivery_point_group=text(el, "DeliveryPointGroup"),
        delivery_point_subgroup=text(el, "DeliveryPointSubGroup"),
        recipient_name=text(el, "RecipientName"),
    )


def customer_from_xml(el: Element | None) -> ShopCustomer:
    if el is None:
        return ShopCustomer()
    return ShopCustomer(
        id=text(el, "Id"),
        email=text(el, "Email"),
        username=text(el, "Username"),
        contact_name=text(el, "Contact/Name"),
        phone=text(el, "Contact/Phone"),
        mobile=text(el, "Contact/Mobile"),
        invoice_address=_address(el.find("Addresses/Invoice")),
        shipping_address=_address(el.find("Addresses/Shipping")),
        comment=text(el, "Comment"),
    )


def line_from_xml(el: Element) -> ShopOrderLine:
    return ShopOrderLine(
        id=text(el, "Id"),
        sku=text(el, "Sku"),
        name=text(el, "Name") or "",
        unit=text(el, "Unit"),
        quantity=xml_codec.decimal(el, "Quantity") or Decimal(0),
        price_net=xml_codec.decimal(el, "PriceNet") or Decimal(0),
        price_gross=xml_codec.decimal(el, "PriceGross") or Decimal(0),
        vat=text(el, "Vat"),
        percent=xml_codec.decimal(el, "Percent"),
        variants=tuple(
            (text(v, "Name") or "", text(v, "Value") or "") for v in el.iterfind("Variants/Variant")
        ),
        consumed=tuple(
            (text(c, "Id") or "", xml_codec.decimal(c, "Quantity") or Decimal(0))
            for c in el.iterfind("StockConsumptions/StockConsumption")
        ),
    )


def _keys(el: Element, path: str) -> tuple[str, ...]:
    return tuple(k.text.strip() for k in el.iterfind(f"Info/{path}/Key") if k.text and k.text.strip())


def order_from_xml(el: Element) -> ShopOrder:
    key = text(el, "Key")
    date = xml_codec.shop_datetime(text(el, "Date"))
    if key is None or date is None:
        raise xml_codec.UnasXmlError(
            "A webáruház egy rendelést kulcs vagy dátum nélkül küldött.", "Order without Key/Date"
        )
    comments = tuple(
        (text(c, "Type") or "customer", text(c, "Text") or "")
        for c in el.iterfind("Comments/Comment")
        if text(c, "Text")
    )
    invoice_status = xml_codec.integer(el, "Invoice/Status")
    return ShopOrder(
        key=key,
        date=date,
        date_mod=xml_codec.shop_datetime(text(el, "DateMod")),
        id=text(el, "Id"),
        internal_key=text(el, "InternalKey"),
        lang=text(el, "Lang"),
        currency=text(el, "Currency") or "HUF",
        exchange_value=xml_codec.decimal(el, "ExchangeValue"),
        type=text(el, "Type"),
        status=text(el, "Status"),
        status_id=text(el, "StatusID"),
        status_type=text(el, "StatusType"),
        invoice_status=invoice_status,
        invoice_number=text(el, "Invoice/Number"),
        storno_number=text(el, "Storno/Number"),
        payment_id=text(el, "Payment/Id"),
        payment_name=text(el, "Payment/Name"),
        payment_type=text(el, "Payment/Type"),
        payment_status=text(el, "Payment/Status"),
        payment_paid=_optional_amount(text(el, "Payment/Paid")),
        shipping_id=text(el, "Shipping/Id"),
        shipping_name=text(el, "Shipping/Name"),
        customer=customer_from_xml(el.find("Customer")),
        comments=comments,
        lines=tuple(line_from_xml(i) for i in el.iterfind("Items/Item")),
        sum_price_gross=xml_codec.decimal(el, "SumPriceGross"),
        coupon=text(el, "Coupon"),
        weight=xml_codec.decimal(el, "Weight"),
        merged_from=_keys(el, "MergedFrom"),
        separated_from=_keys(el, "SeparatedFrom"),
        separated_to=_keys(el, "SeparatedTo"),
        returned_from=_keys(el, "ReturnedFrom"),
    )


def order_update_xml(update: OrderUpdate) -> Element:
    el = xml_codec.new_root("Order")
    add(el, "Action", "modify")
    add(el, "Key", update.key)
    add(el, "Status", update.status)
    add(el, "StatusEmail", "yes" if update.status_email else "no")
    invoice = xml_codec.group(el, "Invoice")
    add(invoice, "Status", update.invoice_status)
    add(invoice, "Number", update.invoice_number, cdata=True)
    add(invoice, "Url", update.invoice_url, cdata=True)
    storno = xml_codec.group(el, "Storno")
    add(storno, "Number", update.storno_number, cdata=True)
    add(storno, "Url", update.storno_url, cdata=True)
    return xml_codec.prune_empty(el)


def set_orders(client: UnasClient, updates: Sequence[OrderUpdate]) -> tuple[SetResult, Exception | None]:
    return client.set_items(
        "setOrder", "Orders", [(u.key, order_update_xml(u)) for u in updates], answer_key="Key"
    )


def _optional_amount(raw: str | None) -> Decimal | None:
    """Payment/Paid is only informational (it may record a payment): a value that is not a number
    is dropped, never a reason to hold the whole order."""
    if raw is None:
        return None
    try:
        value = Decimal(raw.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= 10**12:
        return None
    return value.quantize(Decimal("0.01"))
