"""Importing one shop order: a fixed recipe of named steps, inside the caller's transaction.

skip if linked (apply the shop's changes) → policy (billable-only, start day, cancelled) → VAT for
every line (unknown → hold) → customer → product or service item per line → payment and shipping
methods → customer-order document (reserves stock) → totals check → link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Product, ShippingMethod, VatRate
from app.db.documents import Document, DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.services import documents as docs
from app.sync import import_policy, order_changes, order_links, order_relations
from app.sync.matching import cache
from app.sync.matching.customers import card as customer_card
from app.sync.matching.customers import match_customer
from app.sync.matching.line_checks import check_customer, check_lines
from app.sync.matching.methods import match_payment, match_shipping
from app.sync.matching.products import create_from_shop, find_product
from app.sync.matching.services import match_service
from app.sync.matching.vat import match_vat
from app.sync.order_writes import PendingWrites
from app.timeutil import budapest_today
from app.unas.records import ShopOrder, ShopOrderLine, ShopProduct
from app.values.tax_numbers import eu_problem, problem

# Our gross total may differ from the shop's SumPriceGross by rounding; more than this is flagged (Ft).
TOTAL_TOLERANCE = Decimal(1)
COMMENT_LABELS = {
    "customer": "Vevő megjegyzése",
    "customer_shipping": "A futárnak",
    "admin": "Bolti megjegyzés",
}


@dataclass(frozen=True)
class ImportOutcome:
    status: str  # created | updated | unchanged | skipped
    document_id: int | None = None
    message: str = ""


def import_order(
    session: Session,
    shop: Shop,
    order: ShopOrder,
    *,
    shop_products: dict[str, ShopProduct],
    status_types: Mapping[str, str],
    pending: PendingWrites | None = None,
) -> ImportOutcome:
    """``pending``: a new order's document and link may wait there, to be written with the rest of
    the transaction's new orders (the caller writes them before it commits)."""
    if pending is not None and pending.holds(order):
        pending.write(session)
    # One flush at the end instead of one before every look-up (the import makes ~30 of them).
    with session.no_autoflush:
        link = order_links.find_link(session, shop.id, order)
        if link is not None and link.document_id is not None:
            return apply_shop_changes(session, shop, link, order, status_types, shop_products)
        reason = import_policy.skip_reason(shop, order, status_types)
        if reason:
            consumed = order.consumed_by_sku() if import_policy.is_open(order, status_types) else {}
            order_links.note_skipped(session, shop.id, order, link, reason, consumed)
            return ImportOutcome("skipped", message=reason)
        # A return (the shop's ReturnedFrom mark) is told by check_new_order; the line check after it.
        sources = order_relations.check_new_order(session, shop.id, order)
        check_lines(order)
        check_customer(order)
        vats = match_line_vats(session, shop, order)
        customer_id = match_customer(session, shop.id, order)
        lines = order_lines(session, shop, order, vats, shop_products)
        payment = match_payment(session, shop.id, order.payment_name, order.payment_type)
        shipping = match_shipping(session, shop.id, order.shipping_name)
        # Written with Core statements (docs.prepare_customer_order): no ORM unit of work per order.
        prepared = docs.prepare_customer_order(
            session, order_input(session, shop, order, customer_id, lines, payment, shipping)
        )
        document = prepared.document
        snapshot_addresses(document, order)
        replaced = order_relations.replace_sources(session, order, sources, document.number)
        document.warnings = "\n".join(
            filter(None, [totals_warning(document, order), tax_number_warning(document), replaced])
        )
        session.flush()  # customers, products and methods made for it go in before its document
        if pending is not None and link is None:
            values = order_links.imported_values(order, None, document.warnings)
            pending.add(prepared, order_links.new_link_row(shop.id, order, values), order)
            return ImportOutcome("created", None, document.warnings)
        if pending is not None:
            pending.write(session)  # the ids stay in the order of the numbers
        document_id = docs.insert_prepared(session, prepared)
        order_links.link_imported(session, shop.id, order, document_id, document.warnings, link)
        session.flush()
        return ImportOutcome("created", document_id, document.warnings)


def match_line_vats(session: Session, shop: Shop, order: ShopOrder) -> list[VatRate]:
    """Every line's VAT first: one unknown code holds the whole order before anything is created."""
    return [match_vat(session, shop.id, line.vat, order.key) for line in order.lines]


def order_lines(
    session: Session,
    shop: Shop,
    order: ShopOrder,
    vats: list[VatRate],
    shop_products: dict[str, ShopProduct],
) -> list[docs.LineInput]:
    """Each line → our product by code (created from the shop's data when missing), or the mapped
    service item for shipping, discount, handling, gift and other synthetic lines (unmapped: the
    order is held, never a product made of it); priced gross as the shop sold it."""
    found = {ln.sku: find_product(session, ln.sku) for ln in order.lines if ln.sku and not ln.is_synthetic}
    inputs: list[docs.LineInput] = []
    for line, vat in zip(order.lines, vats, strict=True):
        product: Product | None
        role: str | None = None
        if is_service(line, found, shop_products):
            product, role = match_service(
                session, shop.id, line.line_id, vat, name=line.name, order_key=order.key
            )
        else:
            product = found.get(line.sku) if line.sku else None
            if product is None and line.sku:
                product = create_from_shop(session, shop.id, line, vat, shop_products.get(line.sku))
                found[line.sku] = product
        inputs.append(
            docs.LineInput(
                quantity=line.quantity,
                product_id=product.id if product else None,
                name=line_name(line),
                unit=line.unit or None,
                unit_price=line.price_gross,
                price_is_gross=True,
                vat_code=vat.code,
                role=role,
            )
        )
    return inputs


def order_input(
    session: Session,
    shop: Shop,
    order: ShopOrder,
    customer_id: int,
    lines: list[docs.LineInput],
    payment: PaymentMethod | None,
    shipping: ShippingMethod | None,
) -> docs.DocumentInput:
    return docs.DocumentInput(
        lines=lines,
        customer_id=customer_id,
        customer_card=customer_card(session, customer_id),
        warehouse_id=shop.order_warehouse_id,
        issue_date=budapest_today(order.date),
        header_note=f"Webáruház rendelés: {order.key}"
        + (f" (UNAS: {order.internal_key})" if order.internal_key else ""),
        internal_note=comments_text(order),
        payment_method_id=payment.id if payment else None,
        shipping_method_id=shipping.id if shipping else None,
        currency=order.currency,
        exchange_rate=exchange_rate(order),
        number_prefix=shop.series_prefix or None,
        shop_id=shop.id,
        is_test=shop.is_test,
        vat_rates=vat_rates(session),
    )


def vat_rates(session: Session) -> dict[str, VatRate]:
    """Every VAT rate by code, read once per page (a document prices its lines by them)."""
    known = cache.get(session)
    if known is not None and known.vat_rates is not None:
        return known.vat_rates
    rates = {rate.code: rate for rate in session.scalars(select(VatRate))}
    if known is not None:
        known.vat_rates = rates
    return rates


def totals_warning(document: Document, order: ShopOrder) -> str:
    """Our total against the shop's ``SumPriceGross``: more than 1 Ft apart is flagged for the user."""
    if order.sum_price_gross is None or abs(document.gross_total - order.sum_price_gross) <= TOTAL_TOLERANCE:
        return ""
    return (
        f"A végösszeg eltér a webáruházétól: itt {document.gross_total}, a webáruházban "
        f"{order.sum_price_gross} {order.currency}."
    )


def is_service(
    line: ShopOrderLine, found: dict[str, Product | None], shop_products: dict[str, ShopProduct]
) -> bool:
    """A reserved id, or one that looks like it and is no product of the shop's or ours (B41)."""
    if line.is_synthetic:
        return True
    return line.may_be_synthetic and not (line.sku and (found.get(line.sku) or line.sku in shop_products))


def tax_number_warning(document: Document) -> str:
    """A mistyped tax number from the shop: the order comes in, the invoice waits for a fix."""
    domestic = (document.billing_country or "HU") == "HU"
    wrong = (problem(document.customer_tax_number) if domestic else None) or eu_problem(
        document.customer_eu_tax_number
    )
    return f"A webáruházból érkezett adószám hibás – javítsa számlázás előtt. {wrong}" if wrong else ""


def line_name(line: ShopOrderLine) -> str:
    if not line.variants:
        return line.name
    return f"{line.name} ({', '.join(f'{n}: {v}' for n, v in line.variants)})"


def comments_text(order: ShopOrder) -> str:
    parts = []
    if order.customer.comment:
        parts.append(f"{COMMENT_LABELS['customer']}: {order.customer.comment}")
    for kind, text in order.comments:
        entry = f"{COMMENT_LABELS.get(kind, kind)}: {text}"
        if entry not in parts:
            parts.append(entry)
    return "\n".join(parts)


def exchange_rate(order: ShopOrder) -> Decimal:
    # UNAS's ExchangeValue is the multiplier from forints to the order currency (0.0029 for EUR).
    if order.currency.upper() == "HUF" or not order.exchange_value:
        return Decimal(1)
    return (Decimal(1) / order.exchange_value).quantize(Decimal("0.0001"))


def snapshot_addresses(document: Document, order: ShopOrder) -> None:
    """The document shows the addresses as they were on the order, not the customer card's."""
    inv, ship = order.customer.invoice_address, order.customer.shipping_address
    document.customer_name = inv.name or document.customer_name
    document.customer_email = order.customer.email or document.customer_email
    document.customer_tax_number = inv.tax_number or ""
    document.customer_eu_tax_number = inv.eu_tax_number or ""
    document.customer_is_private = not (inv.customer_type == "company" or inv.tax_number)
    for prefix, addr in (("billing", inv), ("shipping", ship)):
        setattr(document, f"{prefix}_postal_code", addr.zip or "")
        setattr(document, f"{prefix}_city", addr.city or "")
        setattr(document, f"{prefix}_street", addr.street or "")
        setattr(document, f"{prefix}_country", (addr.country_code or "hu").upper()[:2])
    document.shipping_name = ship.name or inv.name or document.shipping_name
    # A parcel locker (B52): the delivery note and the label need it.
    document.shipping_point_id = ship.delivery_point_id or ""
    document.shipping_point_group = " / ".join(
        filter(None, [ship.delivery_point_group, ship.delivery_point_subgroup])
    )
    document.shipping_recipient = ship.recipient_name or ""


def apply_shop_changes(
    session: Session,
    shop: Shop,
    link: ShopOrderLink,
    order: ShopOrder,
    status_types: Mapping[str, str],
    shop_products: dict[str, ShopProduct],
) -> ImportOutcome:
    """The shop changed an imported order: an open one nobody edited here follows it; otherwise
    the difference is kept on the link and told (see app.sync.order_changes)."""
    document = session.get(Document, link.document_id)
    assert document is not None
    # Any other modification time counts as a change (the shop's clock is not ours to trust).
    same = order.date_mod is not None and order.date_mod == link.shop_date_mod
    if same and link.shop_fingerprint in (None, order.fingerprint()) and not link.pending_change:
        return ImportOutcome("unchanged", document.id)
    if import_policy.is_cancelled(order, status_types):
        message = _cancelled_in_shop(session, document)
        order_links.note_shop_change(link, order, message)
        session.flush()
        return ImportOutcome("updated", document.id, message)
    found = order_changes.differences(document, order, link.shop_status)
    content = [d for d in found if not d.startswith("állapot:")]
    adopt = link.pending_change == order_changes.ADOPT
    message = "; ".join(found) or order_changes.NOTHING
    if content and document.status == DocumentStatus.OPEN and (document.edited_at is None or adopt):
        follow_shop(session, shop, document, order, shop_products)
        message = "a webáruházban módosult, átvettük: " + message
        link.pending_change = ""
    elif content:
        why = "már számlázva/lezárva" if document.status != DocumentStatus.OPEN else "itt szerkesztették"
        link.pending_change = "\n".join(content)
        message = f"a webáruházban módosult, de a(z) {document.number} {why}, ezért nem változott: {message}"
    else:
        link.pending_change = ""
    order_links.note_shop_change(link, order, message)
    link.related = order_relations.related_json(order) or link.related
    session.flush()
    return ImportOutcome("updated", document.id, message)


def follow_shop(
    session: Session, shop: Shop, document: Document, order: ShopOrder, shop_products: dict[str, ShopProduct]
) -> None:
    """Rebuild the open order from the shop's data; its reservations follow the new lines."""
    vats = match_line_vats(session, shop, order)
    lines = order_lines(session, shop, order, vats, shop_products)
    payment = match_payment(session, shop.id, order.payment_name, order.payment_type)
    shipping = match_shipping(session, shop.id, order.shipping_name)
    customer_id = document.customer_id or match_customer(session, shop.id, order)
    data = order_input(session, shop, order, customer_id, lines, payment, shipping)
    data.fulfilment_date = document.fulfilment_date  # a delivery day given here stays
    docs.update_customer_order(session, document.id, data, by_user=False)
    snapshot_addresses(document, order)
    document.warnings = "\n".join(
        filter(None, [totals_warning(document, order), tax_number_warning(document)])
    )


def _cancelled_in_shop(session: Session, document: Document) -> str:
    if document.status == DocumentStatus.OPEN:
        docs.cancel_customer_order(session, document.id)
        return "a webáruházban törölték: a foglalás felszabadult"
    if document.status == DocumentStatus.CANCELLED:
        return "a webáruházban törölték (itt már nem nyitott)"
    message = (
        f"a webáruházban törölték, de a(z) {document.number} már nem nyitott – "
        "kérjük, ellenőrizze (pl. sztornó számla)"
    )
    document.warnings = "\n".join(filter(None, [document.warnings, message]))
    return message
