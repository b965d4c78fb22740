"""Request-parameter helpers shared by the sandbox endpoints (numbers, paging, time bounds)."""

from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from app.sandbox.shop_state import ShopState
from app.sandbox.xmlio import BadRequest, node, val

SKU_RE = re.compile(r"^[A-Za-z0-9_-]+$")


MAX_ORDERS = 500


def decimal_param(raw: str | None, what: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise BadRequest(f"Invalid number in {what}: {raw}") from exc


def int_param(raw: str | None, what: str) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit():
        raise BadRequest(f"{what} must be a positive integer")
    return int(raw)


def window(
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
        random.Random(len(items) + int(state.clock.now())).shuffle(items)
    limit = int_param(val(req, "LimitNum"), "LimitNum")
    start = int_param(val(req, "LimitStart"), "LimitStart")
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


def in_range(value: float, low: float | None, high: float | None, exclusive: bool) -> bool:
    if low is not None and (value <= low if exclusive else value < low):
        return False
    return not (high is not None and (value >= high if exclusive else value > high))


def plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def address_xml(parent: etree._Element, tag: str, addr: dict[str, Any]) -> None:
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
        "DeliveryPointID",
        "DeliveryPointGroup",
        "DeliveryPointSubGroup",
        "RecipientName",
    ):
        if addr.get(key) not in (None, ""):
            node(el, key, addr[key], cdata=key in ("Name", "Street", "City"))
