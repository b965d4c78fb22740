"""Time rules: stored in UTC, shown and dated in Budapest local time."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

BUDAPEST = ZoneInfo("Europe/Budapest")


def utcnow() -> datetime:
    return datetime.now(UTC)


def budapest_today(now: datetime | None = None) -> date:
    """The Budapest calendar date: document dates and the year in document numbers use it."""
    return (now or utcnow()).astimezone(BUDAPEST).date()


def to_local(value: datetime) -> datetime:
    return value.astimezone(BUDAPEST)


# Tests and rehearsals move the program's clock for the NAV sender (lost-answer waits, token
# times) without waiting: the offset in seconds, read when a sender starts.
CLOCK_OFFSET_ENV = "BOLTHID_CLOCK_OFFSET_SECONDS"


def program_clock() -> Callable[[], datetime]:
    raw = os.environ.get(CLOCK_OFFSET_ENV, "").strip()
    offset = timedelta(seconds=float(raw)) if raw else timedelta(0)
    if not offset:
        return utcnow
    return lambda: utcnow() + offset
