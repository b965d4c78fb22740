"""Szinkronizációs napló: every run and its record-level events, written after each run."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.db.database import Database
from app.db.sync_log import SyncEvent, SyncRun
from app.timeutil import utcnow

KEEP_SUCCESSES = timedelta(days=90)


@dataclass(frozen=True)
class Event:
    kind: str  # order | product | stock | image | writeback | message
    status: str  # ok | error | held | skipped
    ref: str
    message: str
    detail: str = ""


def workstation() -> str:
    return platform.node()[:100]


def record_run(
    db: Database,
    shop_id: int,
    kind: str,
    trigger: str,
    started: datetime,
    *,
    status: str,
    summary: str,
    created: int = 0,
    updated: int = 0,
    errors: int = 0,
    events: list[Event] | None = None,
) -> int:
    with db.transaction() as session:
        run = SyncRun(
            shop_id=shop_id,
            kind=kind,
            trigger=trigger,
            started_at=started,
            finished_at=utcnow(),
            status=status,
            summary=summary,
            created=created,
            updated=updated,
            errors=errors,
            workstation=workstation(),
        )
        session.add(run)
        session.flush()
        session.add_all(
            SyncEvent(
                run_id=run.id,
                shop_id=shop_id,
                kind=e.kind,
                status=e.status,
                ref=e.ref[:100],
                message=e.message,
                detail=e.detail,
            )
            for e in events or ()
        )
        return run.id


def purge_old(db: Database, now: datetime | None = None) -> int:
    """Successful runs older than 90 days go; failed ones stay until the user looks at them."""
    cutoff = (now or utcnow()) - KEEP_SUCCESSES
    with db.transaction() as session:
        old = list(
            session.scalars(select(SyncRun.id).where(SyncRun.started_at < cutoff, SyncRun.status == "ok"))
        )
        for start in range(0, len(old), 500):
            chunk = old[start : start + 500]
            session.execute(delete(SyncEvent).where(SyncEvent.run_id.in_(chunk)))
            session.execute(delete(SyncRun).where(SyncRun.id.in_(chunk)))
        return len(old)


def last_success(db: Database, shop_id: int) -> datetime | None:
    with db.reading() as session:
        return session.scalar(
            select(SyncRun.finished_at)
            .where(SyncRun.shop_id == shop_id, SyncRun.status == "ok")
            .order_by(SyncRun.finished_at.desc())
            .limit(1)
        )
