"""After a database restore, a number NAV already knows is never issued again.

Once per process (and whenever a restore asks for it) the invoice series this profile reports
are probed at NAV: if NAV knows the number after our counter, the counter moves past every such
number, and the status bar says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import insert, select, update

from app.db.database import Database
from app.db.documents import NumberCounter
from app.db.nav import NavSender
from app.invoice_data.figures import TEST_SERIES
from app.nav.client import NavClient
from app.services.numbering import INVOICE_PREFIX, format_number
from app.timeutil import budapest_today

PROBE_LIMIT = 1000
_checked: set[tuple[str, str]] = set()  # (database, profile) checked by this process


def counters_checked(db: Database, profile: str) -> bool:
    return (str(db.engine.url), profile) in _checked


def check_counters(
    db: Database, client: NavClient, profile: str, *, serves_live: bool, clock: Callable[[], datetime]
) -> None:
    with db.reading() as session:
        sender = session.get(NavSender, 1)
        needed = sender is None or sender.counter_check_needed
    key = (str(db.engine.url), profile)
    if key in _checked and not needed:
        return
    prefix = INVOICE_PREFIX if serves_live else TEST_SERIES
    year = budapest_today(clock()).year
    with db.reading() as session:
        counter = session.scalar(
            select(NumberCounter).where(NumberCounter.prefix == prefix, NumberCounter.year == year)
        )
        last = counter.last_number if counter is not None else 0
    probe = last
    while probe - last < PROBE_LIMIT and client.invoice_known(format_number(prefix, year, probe + 1)):
        probe += 1
    with db.transaction() as session:
        if probe > last:
            moved = session.execute(
                update(NumberCounter)
                .where(
                    NumberCounter.prefix == prefix,
                    NumberCounter.year == year,
                    NumberCounter.last_number < probe,
                )
                .values(last_number=probe)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount == 0 and counter is None:  # type: ignore[attr-defined]
                session.execute(insert(NumberCounter).values(prefix=prefix, year=year, last_number=probe))
        row = session.get(NavSender, 1)
        if row is not None:
            if probe > last:
                first, final = format_number(prefix, year, last + 1), format_number(prefix, year, probe)
                row.counter_notice = (
                    f"A NAV már ismerte a(z) {first}–{final} számlaszámokat (visszaállított adatbázis?): "
                    "ezeket a program nem adja ki újra."
                )
            if serves_live:
                row.counter_check_needed = False
                row.counters_checked_at = clock()
    _checked.add(key)
