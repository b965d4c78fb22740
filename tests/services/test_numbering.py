"""Document numbers: continuous per prefix and year, never reused, taken in the saving transaction."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D

import pytest

from app.db.database import Database
from app.errors import ValidationError
from app.services import documents as docs
from app.services.numbering import allocate_number
from tests.services.helpers import make_product


def test_numbers_are_continuous_per_series_and_year(db: Database) -> None:
    with db.transaction() as s:
        got = [allocate_number(s, "SZ", date(2026, 12, 31)) for _ in range(3)]
        got.append(allocate_number(s, "SZ", date(2027, 1, 1)))
        got.append(allocate_number(s, "WEB1", date(2026, 6, 1)))
    assert got == ["SZ-2026-00001", "SZ-2026-00002", "SZ-2026-00003", "SZ-2027-00001", "WEB1-2026-00001"]


def test_a_failed_save_gives_its_number_back(db: Database) -> None:
    with db.transaction() as s:
        p = make_product(s)
    with pytest.raises(ValidationError), db.transaction() as s:
        docs.create_invoice(s, docs.DocumentInput(lines=[docs.LineInput(D(1), p.id)]))
        raise ValidationError("a later step of the same save fails")
    with db.transaction() as s:
        doc = docs.create_invoice(
            s, docs.DocumentInput(lines=[docs.LineInput(D(1), p.id)], issue_date=date(2026, 3, 1))
        )
    assert doc.number == "SZ-2026-00001"


def test_concurrent_savers_never_share_a_number(db: Database) -> None:
    """Several threads (like several workstations) take numbers at once: no duplicates, no gaps."""
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(5):
                with db.transaction() as s:
                    n = allocate_number(s, "VR", date(2026, 5, 5))
                with lock:
                    numbers.append(n)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [f"VR-2026-{i:05d}" for i in range(1, 21)]


def test_document_year_is_the_budapest_date(db: Database) -> None:
    from datetime import UTC, datetime

    from app.timeutil import budapest_today

    # 23:30 UTC on New Year's Eve is already 1 January in Budapest.
    assert budapest_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
    assert budapest_today(datetime(2026, 6, 30, 21, 59, tzinfo=UTC)) == date(2026, 6, 30)


def test_numbers_taken_in_blocks_keep_the_series_without_gaps(db: Database) -> None:
    """The order import's group takes its numbers with one UPDATE; what it did not use is given back,
    and a group that fails gives everything back by its rollback."""
    from app.services.numbering import in_blocks

    day = date(2026, 5, 1)
    with db.transaction() as s, in_blocks(s, 20):
        got = [allocate_number(s, "VR", day) for _ in range(3)]
        got.append(allocate_number(s, "WEB", day))
    assert got == ["VR-2026-00001", "VR-2026-00002", "VR-2026-00003", "WEB-2026-00001"]
    with pytest.raises(RuntimeError), db.transaction() as s, in_blocks(s, 20):
        allocate_number(s, "VR", day)
        raise RuntimeError("an order of the group fails")
    with db.transaction() as s, in_blocks(s, 2):
        got = [allocate_number(s, "VR", day) for _ in range(5)]  # more than one block
    with db.transaction() as s:
        got.append(allocate_number(s, "VR", day))
        got.append(allocate_number(s, "WEB", day))
    assert got == [f"VR-2026-{n:05d}" for n in range(4, 10)] + ["WEB-2026-00002"]
