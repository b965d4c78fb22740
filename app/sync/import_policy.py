"""Which shop orders become documents here: the shop's options and the order's state decide.

A skipped order is not an error: it is counted and its reason is shown, and it is looked at again
whenever the shop changes it (an order that becomes billable later is imported then).
"""

from __future__ import annotations

from collections.abc import Mapping

from app.db.shops import Shop
from app.unas.records import ShopOrder

NOT_BILLABLE = "nem számlázható rendelés (a webáruház beállítása szerint csak a számlázhatók jönnek át)"
BEFORE_START = "a beállított kezdőnap előtti rendelés"
CANCELLED = "a webáruházban törölt rendelés"
# UNAS order status types; "close_fault" is a cancelled (failed) order.
CANCELLED_STATUS_TYPE = "close_fault"


def status_type(order: ShopOrder, status_types: Mapping[str, str]) -> str:
    """The order's own StatusType (live shops send it, B48); the shop's status list otherwise."""
    return order.status_type or status_types.get(order.status_id or "", "")


def is_open(order: ShopOrder, status_types: Mapping[str, str]) -> bool:
    """Still to be delivered: the shop holds its stock (open_normal, open_prepare)."""
    return status_type(order, status_types).startswith("open")


def is_cancelled(order: ShopOrder, status_types: Mapping[str, str]) -> bool:
    return status_type(order, status_types) == CANCELLED_STATUS_TYPE


def skip_reason(shop: Shop, order: ShopOrder, status_types: Mapping[str, str]) -> str:
    """Why ``order`` is not imported ("" when it is)."""
    if shop.billable_only and order.invoice_status != 1:
        return NOT_BILLABLE
    if shop.import_since and order.date.date() < shop.import_since:
        return BEFORE_START
    if is_cancelled(order, status_types):
        return CANCELLED
    return ""
