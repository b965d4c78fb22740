"""One NAV sender per database: the GUI, `sync --loop` and `bolthid nav send` may all run, and
the one that holds this lease sends; the others skip their turn. A crashed holder's lease expires.

Even two senders at once could not send one invoice twice: a report is claimed by a conditional
UPDATE (waiting → sending) and a report found "sending" is only ever looked up at NAV, never resent
blindly. The lease keeps them from wasting NAV's rate limit on each other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from app.db.database import Database
from app.db.nav import NavSender
from app.sync.lease import Holder, workstation
from app.timeutil import utcnow

LEASE = timedelta(minutes=10)


def take(db: Database, holder: str, now: Callable[[], datetime] = utcnow) -> Holder | None:
    """None when taken (or renewed), else who holds it."""
    at = now()
    with db.transaction() as session:
        taken = session.execute(
            update(NavSender)
            .where(
                NavSender.id == 1,
                or_(NavSender.expires_at.is_(None), NavSender.expires_at < at, NavSender.holder == holder),
            )
            .values(holder=holder, expires_at=at + LEASE, workstation=workstation())
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return None
        row = session.get(NavSender, 1)
        if row is not None:
            return Holder(row.workstation, None)
    try:
        with db.transaction() as session:
            session.add(
                NavSender(
                    id=1,
                    holder=holder,
                    workstation=workstation(),
                    expires_at=at + LEASE,
                    counter_check_needed=True,
                    counter_notice="",
                )
            )
        return None
    except IntegrityError:
        return Holder("egy másik munkaállomás", None)


def release(db: Database, holder: str) -> None:
    with db.transaction() as session:
        session.execute(
            update(NavSender)
            .where(NavSender.id == 1, NavSender.holder == holder)
            .values(expires_at=None, holder="")
            .execution_options(synchronize_session=False)
        )
