"""Customers: registered shop customers by shop id; everyone else by billing name + e-mail.

Plain Core statements built once: the order import matches a buyer for every order (hundreds a
minute), and building ORM statements cost more than the look-ups themselves. A buyer already
matched in this page is remembered on the page's cache (app.sync.matching.cache) by shop id.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, Update, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from app.db.partners import Customer
from app.db.shop_links import ShopCustomerLink
from app.services.document_fill import SNAPSHOT_FIELDS
from app.sync.matching import cache
from app.unas.records import Address, ShopOrder

_CUSTOMERS = cast(Table, Customer.__table__)
_LINKS = cast(Table, ShopCustomerLink.__table__)
_BY_SHOP_ID = select(_LINKS.c.customer_id).where(
    _LINKS.c.shop_id == bindparam("shop_id"), _LINKS.c.shop_customer_id == bindparam("shop_customer_id")
)
_BY_EMAIL = select(_CUSTOMERS.c.id, _CUSTOMERS.c.name).where(
    func.lower(_CUSTOMERS.c.email) == bindparam("email")
)
_INSERT = _CUSTOMERS.insert().returning(_CUSTOMERS.c.id)
# A new customer's card: the columns' defaults under what the order gave.
_DEFAULTS = {
    name: _CUSTOMERS.c[name].default.arg  # type: ignore[union-attr]
    for name in SNAPSHOT_FIELDS
    if _CUSTOMERS.c[name].default is not None
}
_INSERT_LINK = _LINKS.insert()


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _billing_name(order: ShopOrder) -> str:
    c = order.customer
    return (c.invoice_address.name or c.contact_name or c.email or "Webáruházas vevő").strip()


def match_customer(session: Session, shop_id: int, order: ShopOrder) -> int:
    """Find or create the buyer (its id); a match only fills empty fields, never the user's.

    The page's cache (app.sync.matching.preload) answers the look-ups and keeps the buyer's card,
    so the document's snapshot needs no query either (``card``)."""
    c = order.customer
    connection = session.connection()
    known = cache.get(session)
    customer_id = known.customers.get(c.id) if known is not None and c.id else None
    linked = customer_id is not None
    if customer_id is None and c.id and not (known is not None and c.id in known.page_customer_ids):
        customer_id = connection.execute(_BY_SHOP_ID, {"shop_id": shop_id, "shop_customer_id": c.id}).scalar()
        linked = customer_id is not None
    name = _billing_name(order)
    email = (c.email or "").strip()
    if customer_id is None:
        if known is not None and email.lower() in known.page_emails:
            candidates = known.guests.get(email.lower(), [])
        else:
            rows = connection.execute(_BY_EMAIL, {"email": email.lower()})
            candidates = [(row.id, row.name) for row in rows]
        customer_id = next((cid for cid, cname in candidates if _norm(cname) == _norm(name)), None)
    values = _order_values(order)
    if customer_id is None:
        row = {"name": name, "email": email, "is_private": not _is_company(order), **values}
        customer_id = connection.execute(_INSERT, row).scalar_one()
        if known is not None:
            known.cards[customer_id] = {**_DEFAULTS, **row}
            if email.lower() in known.page_emails:
                known.guests.setdefault(email.lower(), []).append((customer_id, name))
    else:
        card = known.cards.get(customer_id) if known is not None else None
        if card is not None:
            # Only what the card (as the page read it) shows empty; the UPDATE checks again.
            values = {f: v for f, v in values.items() if _empty(card.get(f), f, v)}
        if values:
            fields = tuple(sorted((f, _default_counts_as_empty(f, v)) for f, v in values.items()))
            params = {f"new_{field}": value for field, value in values.items()}
            connection.execute(_fill_statement(fields), {"customer_id": customer_id, **params})
            if card is not None:
                card.update(values)
    if c.id and not linked:
        connection.execute(
            _INSERT_LINK, {"shop_id": shop_id, "shop_customer_id": c.id, "customer_id": customer_id}
        )
    if known is not None and c.id:
        known.customers[c.id] = customer_id
    return customer_id


def card(session: Session, customer_id: int) -> dict[str, Any] | None:
    """The buyer's card as this page knows it (None: not known, the snapshot reads it)."""
    known = cache.get(session)
    return known.cards.get(customer_id) if known is not None else None


def _empty(current: object, field: str, value: str) -> bool:
    return current in (None, "") or (current == "HU" and _default_counts_as_empty(field, value))


def _default_counts_as_empty(field: str, value: str) -> bool:
    """A country of "HU" (the column's default) counts as empty when the order says another one
    (the rule of both the card check above and the fill UPDATE's WHERE)."""
    return field.endswith("_country") and value != "HU"


def _is_company(order: ShopOrder) -> bool:
    inv = order.customer.invoice_address
    return inv.customer_type == "company" or bool(inv.tax_number)


def _order_values(order: ShopOrder) -> dict[str, str]:
    """What the order says about the buyer (only the fields it fills)."""
    c = order.customer
    inv: Address = c.invoice_address
    ship: Address = c.shipping_address
    values = {
        "phone": c.phone or c.mobile,
        "tax_number": inv.tax_number,
        "eu_tax_number": inv.eu_tax_number,
        "billing_country": (inv.country_code or "").upper()[:2] or None,
        "billing_postal_code": inv.zip,
        "billing_city": inv.city,
        "billing_street": inv.street,
        "shipping_name": ship.name,
        "shipping_country": (ship.country_code or "").upper()[:2] or None,
        "shipping_postal_code": ship.zip,
        "shipping_city": ship.city,
        "shipping_street": ship.street,
    }
    return {field: value for field, value in values.items() if value}


@lru_cache(maxsize=256)
def _fill_statement(fields: tuple[tuple[str, bool], ...]) -> Update:
    """One UPDATE that sets a field only where it is empty in the database at that moment, so a
    value the user typed meanwhile is never overwritten, and that changes no row when nothing is
    empty. A country of "HU" (the default) counts as empty when the order says another country
    (``fields``: name and that flag, a key of the cache: a handful of shapes in practice)."""
    changes = {}
    empties = []
    for field, default_counts in fields:
        column = _CUSTOMERS.c[field]
        empty = or_(column.is_(None), column == "", *([column == "HU"] if default_counts else []))
        changes[field] = case((empty, bindparam(f"new_{field}", type_=column.type)), else_=column)
        empties.append(empty)
    return (
        _CUSTOMERS.update().where(_CUSTOMERS.c.id == bindparam("customer_id"), or_(*empties)).values(changes)
    )
