"""Time rules: stored in UTC, shown and dated in Budapest local time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BUDAPEST = ZoneInfo("Europe/Budapest")


def utcnow() -> datetime:
    return datetime.now(UTC)


def budapest_today(now: datetime | None = None) -> date:
    """The Budapest calendar date: document dates and the year in document numbers use it."""
    return (now or utcnow()).astimezone(BUDAPEST).date()


def to_local(value: datetime) -> datetime:
    return value.astimezone(BUDAPEST)
