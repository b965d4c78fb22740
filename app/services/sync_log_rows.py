"""The Szinkronizációs napló as list rows: every run and its record events, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.db.sync_log import SyncEvent, SyncRun

Row = tuple[Any, ...]

SYNC_KIND = {
    "orders": "Rendelések",
    "products": "Termékek",
    "order": "Rendelés",
    "add": "Új termék",
    "fields": "Termékadat",
    "image": "Kép",
    "stock": "Készlet",
    "product": "Termék",
    "message": "Üzenet",
}
SYNC_STATUS = {
    "ok": "Rendben",
    "partial": "Részleges",
    "error": "Hiba",
    "skipped": "Kihagyva",
    "busy": "Foglalt (másik gép szinkronizál)",
    "held": "Várakozik",
    "running": "Fut",
}
SYNC_TRIGGER = {"auto": "automatikus", "button": "gombnyomásra", "cli": "parancssorból"}
SYNC_LOG_LIMIT = 5000


def sync_log_rows(session: Session, limit: int | None = None) -> list[Row]:
    """Runs and their events, newest first; an event's id is negative so the two never clash.

    ``limit``: only the newest that many rows – the list's first screenful, shown while the whole
    list loads. The newest ``limit`` rows of the merged list are among the newest ``limit`` runs and
    the newest ``limit`` events, so each query needs no more; both stay on their indexes (runs by
    start time, events by id – an event's time grows with its id, as events are written as they
    happen).
    """
    cap = SYNC_LOG_LIMIT if limit is None else min(limit, SYNC_LOG_LIMIT)
    names = dict(session.execute(select(Shop.id, Shop.name)).all())
    rows: list[Row] = []
    for run in session.scalars(
        select(SyncRun).order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(cap)
    ):
        rows.append(
            (
                run.id,
                run.started_at,
                names.get(run.shop_id, "?"),
                SYNC_KIND.get(run.kind, run.kind),
                SYNC_STATUS.get(run.status, run.status),
                "",
                run.summary,
                f"{SYNC_TRIGGER.get(run.trigger, run.trigger)} futás, gép: {run.workstation}",
            )
        )
    for event, started in session.execute(
        select(SyncEvent, SyncRun.started_at)
        .join(SyncRun, SyncRun.id == SyncEvent.run_id)
        .order_by(SyncEvent.id.desc())
        .limit(cap)
    ):
        rows.append(
            (
                -event.id,
                event.at or started,
                names.get(event.shop_id, "?"),
                SYNC_KIND.get(event.kind, event.kind),
                SYNC_STATUS.get(event.status, event.status),
                event.ref,
                event.message,
                event.detail,
            )
        )
    # Equal times (a coarse clock on Windows) put the newer row first, as each query does, so the
    # first screenful is exactly the head of the whole list.
    rows.sort(key=lambda r: (r[1], abs(r[0])), reverse=True)
    return rows if limit is None else rows[:limit]


def order_document_of(session: Session, shop_name: str, ref: str) -> int | None:
    """The customer order made from the shop order a log event names (None when there is none)."""
    if not ref:
        return None
    return session.scalar(
        select(ShopOrderLink.document_id)
        .join(Shop, Shop.id == ShopOrderLink.shop_id)
        .where(
            Shop.name == shop_name, ShopOrderLink.display_key == ref, ShopOrderLink.document_id.is_not(None)
        )
        .limit(1)
    )
