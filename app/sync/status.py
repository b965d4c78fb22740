"""The status line: per shop, last successful sync, next run, the hour's budget in words, and the
latest run's failure (amber) or a shop that cannot sync (red)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.db.database import Database
from app.db.shop_api import ShopApiState
from app.db.shops import Shop
from app.db.sync_log import SyncRun
from app.formatting import format_date
from app.sync.client_state import DbStateStore, blocked_reason
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
    last_failure: str = ""  # the latest run's summary when it failed or stopped part way

    @property
    def level(self) -> str:
        """ "red": not synced for 30 minutes or cannot sync; "amber": the latest run had errors."""
        if self.stale or self.problem:
            return "red"
        return "amber" if self.last_failure else ""

    def budget_words(self) -> str:
        """The hour's getOrder budget in plain words (the numbers are in the tooltip)."""
        if self.budget_limit <= 0 or self.budget_used >= self.budget_limit:
            return "óránkénti keret: elfogyott"
        return "óránkénti keret: " + ("bőven van" if self.budget_used * 2 < self.budget_limit else "kevés")

    def text(self) -> str:
        last = format_date(self.last_success) if self.last_success else "még nem volt"
        parts = [f"{self.name}{' (TESZT)' if self.is_test else ''}: utolsó sikeres szinkron {last}"]
        if self.next_run:
            parts.append(f"következő {format_date(self.next_run)[-5:]}")
        parts.append(self.budget_words())
        if self.problem:
            parts.append(self.problem)
        elif self.last_failure:
            parts.append(f"a legutóbbi futás hibás: {_first_line(self.last_failure)}")
        return ", ".join(parts)

    def tooltip(self) -> str:
        lines = [f"{self.name}: getOrder hívások az elmúlt órában: {self.budget_used} / {self.budget_limit}"]
        if self.last_failure:
            lines.append(self.last_failure)
        lines.append("Kattintson a Szinkronizációs napló megnyitásához.")
        return "\n".join(lines)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 90 else line[:89] + "…"


def last_failure(db: Database, shop_id: int) -> str:
    """The summaries of the latest order and product runs that failed or did not finish ("" when
    both went well): a good order pull does not hide a product push that keeps failing."""
    failures = []
    with db.reading() as session:
        for kind in ("orders", "products"):
            latest = session.execute(
                select(SyncRun.status, SyncRun.summary)
                .where(
                    SyncRun.shop_id == shop_id,
                    SyncRun.kind == kind,
                    SyncRun.status.not_in(("running", "busy", "skipped")),
                )
                .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.status in ("error", "partial"):
                failures.append(latest.summary or "hiba (a részleteket a Szinkronizációs napló mutatja)")
    return "\n".join(failures)


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
        failure = last_failure(db, shop_id)
        out.append(
            ShopStatus(shop_id, name, is_test, success, next_run, used, limit, problem, stale, failure)
        )
    return out
