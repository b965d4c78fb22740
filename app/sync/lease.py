"""One sync of a shop at a time: a lock within this process, a lease row across workstations.

Timeline prevented: the GUI timer of workstation A and `bolthid sync orders` on workstation B
both start a run of shop 1. Each first takes its process lock, then the lease row; B finds A's
unexpired lease and stops before calling the shop, telling the user which workstation holds it
and since when. A crashed holder's lease simply expires; a long run renews its lease as it goes.
"""

from __future__ import annotations

import os
import platform
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from app.db.database import Database
from app.db.sync_log import SyncLease
from app.timeutil import utcnow

# A lease not renewed for this long belongs to a crashed holder and may be taken over.
LEASE = timedelta(minutes=15)
# A running holder renews its lease when it is at least this old (checked at every progress step).
RENEW_AFTER = timedelta(minutes=3)

_process_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def workstation() -> str:
    return platform.node()[:100] or "ismeretlen gép"


def holder_id() -> str:
    """This thread of this process on this workstation: two processes on one PC are two holders."""
    return f"{workstation()}:{os.getpid()}:{threading.get_ident()}"[:100]


def process_lock(shop_id: int) -> threading.Lock:
    with _locks_guard:
        return _process_locks.setdefault(shop_id, threading.Lock())


@dataclass(frozen=True)
class Holder:
    """Who syncs the shop right now, for the Hungarian "busy" message."""

    workstation: str
    since: datetime | None
    same_process: bool = False


def take_lease(
    db: Database, shop_id: int, holder: str, now: Callable[[], datetime] = utcnow
) -> Holder | None:
    """Take (or renew) the shop's lease; returns None when taken, else who holds it."""
    at = now()
    with db.transaction() as session:
        taken = session.execute(
            update(SyncLease)
            .where(SyncLease.shop_id == shop_id, or_(SyncLease.expires_at < at, SyncLease.holder == holder))
            .values(holder=holder, expires_at=at + LEASE, workstation=workstation(), acquired_at=at)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return None
        current = session.get(SyncLease, shop_id)
        if current is not None:
            return Holder(current.workstation or current.holder.split(":")[0], current.acquired_at)
    try:
        with db.transaction() as session:
            session.add(
                SyncLease(
                    shop_id=shop_id,
                    holder=holder,
                    expires_at=at + LEASE,
                    workstation=workstation(),
                    acquired_at=at,
                )
            )
        return None
    except IntegrityError:  # another workstation inserted it first
        with db.reading() as session:
            current = session.get(SyncLease, shop_id)
            if current is None:
                return Holder("egy másik munkaállomás", None)
            return Holder(current.workstation, current.acquired_at)


def current_holder(db: Database, shop_id: int, now: Callable[[], datetime] = utcnow) -> Holder | None:
    """Who holds the shop's unexpired lease (None when it is free); reads only."""
    with db.reading() as session:
        current = session.get(SyncLease, shop_id)
        if current is None or current.expires_at < now():
            return None
        return Holder(current.workstation or current.holder.split(":")[0], current.acquired_at)


def renew_lease(db: Database, shop_id: int, holder: str, now: Callable[[], datetime] = utcnow) -> None:
    with db.transaction() as session:
        session.execute(
            update(SyncLease)
            .where(SyncLease.shop_id == shop_id, SyncLease.holder == holder)
            .values(expires_at=now() + LEASE)
            .execution_options(synchronize_session=False)
        )


def release_lease(db: Database, shop_id: int, holder: str) -> None:
    with db.transaction() as session:
        lease = session.get(SyncLease, shop_id)
        if lease is not None and lease.holder == holder:
            session.delete(lease)
