"""Order lines whose figures cannot be right: held with the line named, never imported.

A shop (or a proxy in front of it) may send a negative or zero quantity, or a price that is not a
number; imported, a −5 would add stock and a NaN would fail deep in the totals as "Váratlan hiba".
A return is recognised by the shop's own mark (ReturnedFrom) and handled apart, not by its sign.
"""

from __future__ import annotations

from decimal import Decimal

from app.sync.matching.held import OrderHeld
from app.unas.records import ShopOrder
from app.values.checks import (
    QUANTITY_DECIMALS,
    QUANTITY_LIMIT,
    number_problem,
    text_problem,
)

# The product columns (app.db.catalog): a longer name or code from the shop is refused here, the
# same on both databases, instead of PostgreSQL failing the order's transaction.
NAME_LIMIT, CODE_LIMIT = 300, 100


class ImpossibleLine(OrderHeld):
    pass


def check_lines(order: ShopOrder) -> None:
    for number, line in enumerate(order.lines, start=1):
        what = f"A(z) {order.key} rendelés {number}. tétele ({line.sku or line.id or line.name})"
        wait = " A rendelés várakozik; javítsa a webáruházban, majd nyomja meg az Újrapróbálás gombot."
        if not _finite(line.quantity) or line.quantity <= 0:
            raise ImpossibleLine(
                f"{what}: a mennyiség {_plain(line.quantity)}, pedig csak pozitív lehet.{wait}",
                f"quantity={line.quantity!r}",
            )
        problem = number_problem(line.quantity, "mennyiség", decimals=QUANTITY_DECIMALS, limit=QUANTITY_LIMIT)
        # A price may be negative (a discount line); 1E-10 would be rounded to 0 without a word.
        for label, value in (("nettó ár", line.price_net), ("bruttó ár", line.price_gross)):
            problem = problem or number_problem(value, label, negative=True)
        problem = problem or text_problem(line.name or "", "megnevezés", NAME_LIMIT)
        problem = problem or text_problem(line.sku or "", "termékkód", CODE_LIMIT)
        if problem:
            raise ImpossibleLine(f"{what}: {problem}.{wait}", problem)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if _finite(value) else str(value)


def _finite(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.is_finite()
