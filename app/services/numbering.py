"""Document numbers: prefix + Budapest year + a continuous counter, never reused.

The number is taken inside the transaction that saves the document. The counter row is
incremented with a single UPDATE, which locks it until that transaction ends: a second
workstation asking for a number waits, and if the first transaction rolls back, its number is
given out again – so issued documents have no gaps and no duplicates.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.documents import NumberCounter

# Default prefixes of the built-in series; each webshop gets its own order prefix later.
ORDER_PREFIX = "VR"
INVOICE_PREFIX = "SZ"
RECEIPT_PREFIX = "BE"
TRANSFER_PREFIX = "RA"
DELIVERY_NOTE_PREFIX = "SZL"  # szállítólevél
COUNT_PREFIX, SHORTAGE_PREFIX, SURPLUS_PREFIX = "LT", "LH", "LTB"  # leltár, leltárhiány, leltártöbblet


def format_number(prefix: str, year: int, counter: int) -> str:
    return f"{prefix}-{year}-{counter:05d}"


def allocate_number(session: Session, prefix: str, on_date: date) -> str:
    year = on_date.year
    counter = _increment(session, prefix, year)
    if counter is None:
        # First document of this series this year. Two workstations may race to create the
        # counter row: the loser's INSERT fails on the unique constraint inside a savepoint,
        # and it then increments the winner's row.
        try:
            with session.begin_nested():
                session.execute(insert(NumberCounter).values(prefix=prefix, year=year, last_number=0))
        except IntegrityError:
            pass
        counter = _increment(session, prefix, year)
        assert counter is not None
    return format_number(prefix, year, counter)


def _increment(session: Session, prefix: str, year: int) -> int | None:
    # A Core statement built once (the order import numbers hundreds of orders a minute); no loaded
    # counter objects need keeping in step.
    return session.connection().execute(_INCREMENT, {"b_prefix": prefix, "b_year": year}).scalar_one_or_none()


_COUNTERS = cast(Table, NumberCounter.__table__)
_INCREMENT = (
    _COUNTERS.update()
    .where(_COUNTERS.c.prefix == bindparam("b_prefix"), _COUNTERS.c.year == bindparam("b_year"))
    .values(last_number=_COUNTERS.c.last_number + 1)
    .returning(_COUNTERS.c.last_number)
)
