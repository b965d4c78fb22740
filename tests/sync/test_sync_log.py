"""Szinkronizációs napló: old successful runs are purged after 90 days, failures are kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.sync_log import SyncEvent, SyncRun
from app.sync import shops
from app.sync.sync_log import Event, purge_old, record_run
from app.timeutil import utcnow


def test_old_successes_go_failures_stay(db: Database, tmp_path: Path) -> None:
    shop_id = shops.add_shop(
        db, CredentialStore(tmp_path, use_keyring=False), shops.ShopSettings(name="Napló"), "k"
    )
    old = utcnow() - timedelta(days=91)
    record_run(
        db,
        shop_id,
        "orders",
        "auto",
        old,
        status="ok",
        summary="régi",
        events=[Event("order", "ok", "1", "x")],
    )
    record_run(db, shop_id, "orders", "auto", old, status="error", summary="régi hiba")
    record_run(db, shop_id, "orders", "auto", utcnow(), status="ok", summary="friss")
    assert purge_old(db) == 1
    with db.reading() as s:
        assert sorted(s.scalars(select(SyncRun.summary))) == ["friss", "régi hiba"]
        assert s.scalar(select(func.count()).select_from(SyncEvent)) == 0
