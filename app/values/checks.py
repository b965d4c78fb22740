"""The one validation layer for values that come from outside – spreadsheet cells, shop XML, form
fields: finite, inside what both databases store, text without NUL or control characters.

Dependency-free, so the UNAS client may use it too. Each check returns the Hungarian reason (to
be put after the row's or the order line's name) or None when the value is fine.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Control characters (and DEL) but tab; the second also lets line breaks through. A regex: the
# order import checks some thirty fields of every order.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The money columns are Numeric(18, 4), the quantities Numeric(18, 3): the limits are kept far
# inside them, so SQLite (which would store anything) and PostgreSQL (which would refuse) agree.
PRICE_DECIMALS, PRICE_LIMIT = 4, Decimal(10) ** 12
QUANTITY_DECIMALS, QUANTITY_LIMIT = 3, Decimal(10) ** 9


def _short(value: object) -> str:
    text = format(value.normalize(), "f") if isinstance(value, Decimal) and value.is_finite() else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def number_problem(
    value: Decimal,
    label: str,
    *,
    decimals: int = PRICE_DECIMALS,
    limit: Decimal = PRICE_LIMIT,
    negative: bool = False,
    zero: bool = True,
) -> str | None:
    """Why ``value`` cannot be stored as the ``label`` field (``negative``/``zero``: allowed)."""
    if not isinstance(value, Decimal) or not value.is_finite():  # NaN, Infinity: files do carry them
        return f"a(z) {label} nem szám: „{_short(value)}”"
    if value < 0 and not negative:
        return f"a(z) {label} nem lehet negatív: {_short(value)}"
    if value == 0 and not zero:
        return f"a(z) {label} nem lehet nulla"
    if abs(value) >= limit:
        return f"a(z) {label} túl nagy: {_short(value)}"
    exponent = value.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and -exponent > decimals
        and value != value.quantize(Decimal(1).scaleb(-decimals))
    ):
        return f"a(z) {label} legfeljebb {decimals} tizedesjegyű lehet: {_short(value)}"
    return None


def text_problem(value: str, label: str, limit: int, *, lines: bool = False) -> str | None:
    """At most ``limit`` characters, no NUL or control characters (tab always allowed, line
    breaks only where the field may have lines)."""
    if len(value) > limit:
        return f"a(z) {label} legfeljebb {limit} karakter lehet (itt {len(value)})"
    if (_CONTROL_BUT_LINES if lines else _CONTROL).search(value):
        return f"a(z) {label} vezérlőkaraktert (pl. NUL) tartalmaz"
    return None
