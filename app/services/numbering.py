"""Document numbers: prefix + Budapest year + a continuous counter, never reused.

The number is taken inside the transaction that saves the document. The counter row is
incremented with a single UPDATE, which locks it until that transaction ends: a second
workstation asking for a number waits, and if the first transaction rolls back, its number is
given out again – so issued documents have no gaps and no duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
    held = session.info.get(_BLOCKS)
    counter = (
        _from_block(session, held, prefix, year) if held is not None else _take(session, prefix, year, 1)
    )
    return format_number(prefix, year, counter)


@contextmanager
def in_blocks(session: Session, size: int) -> Iterator[None]:
    """Inside one transaction that numbers up to ``size`` documents of a series (the order import's
    group of orders): one UPDATE takes the numbers instead of one per document, and the unused ones
    are given back at the end of the block, while the row is still locked by this transaction – so
    the series keeps no gaps. On an exception nothing is given back: the rollback undoes the take."""
    blocks: dict[tuple[str, int], list[int]] = {}
    session.info[_BLOCKS] = (size, blocks)
    try:
        yield
        for (prefix, year), (next_number, end) in blocks.items():
            if next_number <= end:
                params = {"b_prefix": prefix, "b_year": year, "b_count": next_number - end - 1}
                session.connection().execute(_INCREMENT, params)
    finally:
        del session.info[_BLOCKS]


def _from_block(
    session: Session, held: tuple[int, dict[tuple[str, int], list[int]]], prefix: str, year: int
) -> int:
    size, blocks = held
    block = blocks.get((prefix, year))
    if block is None or block[0] > block[1]:
        end = _take(session, prefix, year, size)
        block = blocks[(prefix, year)] = [end - size + 1, end]
    number = block[0]
    block[0] += 1
    return number


def _take(session: Session, prefix: str, year: int, count: int) -> int:
    """Raise the series' counter by ``count``; returns the last number taken."""
    counter = _increment(session, prefix, year, count)
    if counter is None:
        # First document of this series this year. Two workstations may race to create the
        # counter row: the loser's INSERT fails on the unique constraint inside a savepoint,
        # and it then increments the winner's row.
        try:
            with session.begin_nested():
                session.execute(insert(NumberCounter).values(prefix=prefix, year=year, last_number=0))
        except IntegrityError:
            pass
        counter = _increment(session, prefix, year, count)
        assert counter is not None
    return counter


def _increment(session: Session, prefix: str, year: int, count: int) -> int | None:
    # A Core statement built once (the order import numbers hundreds of orders a minute); no loaded
    # counter objects need keeping in step.
    params = {"b_prefix": prefix, "b_year": year, "b_count": count}
    return session.connection().execute(_INCREMENT, params).scalar_one_or_none()


_BLOCKS = "bolthid.number_blocks"
_COUNTERS = cast(Table, NumberCounter.__table__)
_INCREMENT = (
    _COUNTERS.update()
    .where(_COUNTERS.c.prefix == bindparam("b_prefix"), _COUNTERS.c.year == bindparam("b_year"))
    .values(last_number=_COUNTERS.c.last_number + bindparam("b_count"))
    .returning(_COUNTERS.c.last_number)
)
