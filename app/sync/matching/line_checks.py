"""Order lines whose figures cannot be right: held with the line named, never imported.

A shop (or a proxy in front of it) may send a negative or zero quantity, or a price that is not a
number; imported, a −5 would add stock and a NaN would fail deep in the totals as "Váratlan hiba".
A return is recognised by the shop's own mark (ReturnedFrom) and handled apart, not by its sign.
"""

from __future__ import annotations

from decimal import Decimal

from app.sync.matching.held import OrderHeld
from app.unas.records import ShopOrder


class ImpossibleLine(OrderHeld):
    pass


def check_lines(order: ShopOrder) -> None:
    for number, line in enumerate(order.lines, start=1):
        what = f"A(z) {order.key} rendelés {number}. tétele ({line.sku or line.id or line.name})"
        if not _finite(line.quantity) or line.quantity <= 0:
            raise ImpossibleLine(
                f"{what}: a mennyiség {_plain(line.quantity)}, pedig csak pozitív lehet. A rendelés "
                "várakozik; javítsa a webáruházban, majd nyomja meg az Újrapróbálás gombot.",
                f"quantity={line.quantity!r}",
            )
        for label, value in (("nettó ár", line.price_net), ("bruttó ár", line.price_gross)):
            if not _finite(value):
                raise ImpossibleLine(
                    f"{what}: a {label} nem szám ({value}). A rendelés várakozik; javítsa a "
                    "webáruházban, majd nyomja meg az Újrapróbálás gombot.",
                    f"{label}={value!r}",
                )


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if _finite(value) else str(value)


def _finite(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.is_finite()
