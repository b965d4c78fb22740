"""What every entry point (GUI, CLI, scheduler) does first: open, migrate and seed the database."""

from __future__ import annotations

from app.db.database import Database, connect
from app.services.seed import seed_defaults


def open_database(url: str | None = None) -> Database:
    db = connect(url)
    with db.transaction() as session:
        seed_defaults(session)
    return db
