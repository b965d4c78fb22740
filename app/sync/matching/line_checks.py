"""Order lines whose figures cannot be right, and customer data no column can hold: held with the
line or the field named, never imported.

A shop (or a proxy in front of it) may send a negative or zero quantity, or a price that is not a
number; imported, a −5 would add stock and a NaN would fail deep in the totals as "Váratlan hiba".
A return is recognised by the shop's own mark (ReturnedFrom) and handled apart, not by its sign.
"""

from __future__ import annotations

from decimal import Decimal

from app.sync.matching.held import OrderHeld
from app.unas.records import ShopOrder, ShopOrderLine
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


WAIT = " A rendelés várakozik; javítsa a webáruházban, majd nyomja meg az Újrapróbálás gombot."


def check_lines(order: ShopOrder) -> None:
    for number, line in enumerate(order.lines, start=1):
        # The words are put together only for a line that fails: every line of every order is checked.
        if not _finite(line.quantity) or line.quantity <= 0:
            what = _line_label(order, number, line)
            raise ImpossibleLine(
                f"{what}: a mennyiség {_plain(line.quantity)}, pedig csak pozitív lehet.{WAIT}",
                f"quantity={line.quantity!r}",
            )
        problem = number_problem(line.quantity, "mennyiség", decimals=QUANTITY_DECIMALS, limit=QUANTITY_LIMIT)
        # A price may be negative (a discount line); 1E-10 would be rounded to 0 without a word.
        for label, value in (("nettó ár", line.price_net), ("bruttó ár", line.price_gross)):
            problem = problem or number_problem(value, label, negative=True)
        problem = problem or text_problem(line.name or "", "megnevezés", NAME_LIMIT)
        problem = problem or text_problem(line.sku or "", "termékkód", CODE_LIMIT)
        if problem:
            raise ImpossibleLine(f"{_line_label(order, number, line)}: {problem}.{WAIT}", problem)


def _line_label(order: ShopOrder, number: int, line: ShopOrderLine) -> str:
    return f"A(z) {order.key} rendelés {number}. tétele ({line.sku or line.id or line.name})"


# The customer and address columns (app.db.partners, app.db.documents): the same limits on both
# databases – SQLite would store a 10,000-character name, PostgreSQL would fail the whole order.
_CUSTOMER_FIELDS = (
    ("e-mail címe", lambda c: c.email, 200),
    ("neve", lambda c: c.contact_name, 200),
    ("telefonszáma", lambda c: c.phone or c.mobile, 50),
)
_ADDRESS_FIELDS = (
    ("név", lambda a: a.name, 200),
    ("irányítószám", lambda a: a.zip, 20),
    ("település", lambda a: a.city, 100),
    ("utca, házszám", lambda a: a.street, 200),
    ("adószám", lambda a: a.tax_number, 20),
    ("közösségi adószám", lambda a: a.eu_tax_number, 20),
    ("átvevő", lambda a: a.recipient_name, 200),
    ("átvételi pont", lambda a: a.delivery_point_id, 100),
)


def check_customer(order: ShopOrder) -> None:
    customer = order.customer
    for label, get, limit in _CUSTOMER_FIELDS:
        _check_field(order, "vevőjének {}", label, get(customer), limit)
    for where, address in (
        ("számlázási", customer.invoice_address),
        ("szállítási", customer.shipping_address),
    ):
        for label, get, limit in _ADDRESS_FIELDS:
            _check_field(order, where + " címében a(z) {}", label, get(address), limit)


def _check_field(order: ShopOrder, template: str, name: str, value: str | None, limit: int) -> None:
    problem = text_problem(value or "", "mező", limit)
    if problem:
        label = template.format(name)
        raise ImpossibleLine(
            f"A(z) {order.key} rendelés {label}: {problem.removeprefix('a(z) mező ')}.{WAIT}",
            f"{label}: {problem}",
        )


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if _finite(value) else str(value)


def _finite(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.is_finite()
