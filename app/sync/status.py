"""The status line: per shop, last successful sync, next run, the hour's getOrder budget used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.db.database import Database
from app.db.shop_api import ShopApiState
from app.db.shops import Shop
from app.formatting import format_date
from app.sync.client_state import DbStateStore
from app.sync.shop_sync import blocked_reason
from app.sync.sync_log import last_success
from app.timeutil import utcnow
from app.unas import limits

# A shop that has not synced successfully for this long turns red and the user is told.
STALE_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class ShopStatus:
    shop_id: int
    name: str
    is_test: bool
    last_success: datetime | None
    next_run: datetime | None
    budget_used: int
    budget_limit: int
    problem: str  # why it cannot sync now ("" when it can)
    stale: bool

    def text(self) -> str:
        last = format_date(self.last_success) if self.last_success else "még nem volt"
        parts = [f"{self.name}{' (TESZT)' if self.is_test else ''}: utolsó sikeres szinkron {last}"]
        if self.next_run:
            parts.append(f"következő {format_date(self.next_run)[-5:]}")
        parts.append(f"getOrder {self.budget_used}/{self.budget_limit}")
        if self.problem:
            parts.append(self.problem)
        return ", ".join(parts)


def shop_statuses(
    db: Database, last_runs: dict[int, datetime], now: datetime | None = None
) -> list[ShopStatus]:
    now = now or utcnow()
    with db.reading() as session:
        rows = [
            (s.id, s.name, s.is_test, s.auto_sync, s.sync_interval_minutes, s.created_at)
            for s in session.scalars(select(Shop).where(Shop.active.is_(True)).order_by(Shop.id))
        ]
        subscriptions = {st.shop_id: st.subscription for st in session.scalars(select(ShopApiState))}
    out = []
    bucket = limits.bucket_for("getOrder")
    for shop_id, name, is_test, auto, minutes, created in rows:
        success = last_success(db, shop_id)
        last_run = last_runs.get(shop_id)
        next_run = (last_run or now) + timedelta(minutes=minutes or 5) if auto else None
        used = DbStateStore(db, shop_id).count_calls(bucket.name, now - timedelta(hours=1))
        limit = limits.limit_of(bucket, subscriptions.get(shop_id) or "PREMIUM")
        problem = blocked_reason(db, shop_id, now)
        stale = auto and (now - (success or created)) > STALE_AFTER
        out.append(ShopStatus(shop_id, name, is_test, success, next_run, used, limit, problem, stale))
    return out
