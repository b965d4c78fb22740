"""Bring a database to the current schema: back it up, run alembic, seed the defaults."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.db.backup import backup_sqlite, default_backup_path, prune_automatic, sqlite_file
from app.db.failures import explain
from app.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        # ConfigParser treats % as interpolation; URLs with escaped passwords contain it.
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@functools.cache
def scripts() -> ScriptDirectory:
    """The migration scripts, read once per process (opening, backing up and restoring all ask)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = scripts().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, *, backup: bool = True) -> Path | None:
    """Migrate to head. Returns the backup made first (SQLite with an older schema only).

    Another program's database and one made by a newer version are refused before anything is
    written or backed up (app.db.file_checks)."""
    from app.db.file_checks import check_schema

    current = check_schema(engine, scripts())
    head = head_revision()
    if current == head:
        return None
    backup_path = None
    db_file = sqlite_file(engine.url.render_as_string(hide_password=False))
    if backup and current is not None and db_file is not None and db_file.exists():
        backup_path = backup_sqlite(db_file, default_backup_path(f"frissites-elott-{current}"))
        log.info("backup before migration: %s", backup_path)
        prune_automatic()
    cfg = alembic_config()
    try:
        with engine.connect() as conn:
            sqlite = engine.dialect.name == "sqlite"
            if sqlite:
                # SQLite changes tables by rebuilding them; with foreign keys enforced, dropping
                # a referenced table fails. The pragma only works outside a transaction.
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                if sqlite:
                    broken = conn.connection.driver_connection.execute(  # type: ignore[union-attr]
                        "PRAGMA foreign_key_check"
                    ).fetchall()
                    if broken:
                        raise DatabaseError(
                            "Az adatbázis frissítése után hibás hivatkozások maradtak.", repr(broken)
                        )
            finally:
                if sqlite:
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    except Exception as exc:
        hint = f" A frissítés előtti mentés: {backup_path}" if backup_path else ""
        known = explain(exc, str(db_file or ""))
        if known is not None:
            raise DatabaseError(f"{known.user_message}{hint}", known.detail) from exc
        raise DatabaseError(f"Az adatbázis frissítése nem sikerült.{hint}", repr(exc)) from exc
    return backup_path
