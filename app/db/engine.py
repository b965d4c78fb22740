"""Engine and session factory for a database URL: SQLite (default, in the data folder) or PostgreSQL."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from app import paths
from app.errors import DatabaseError

DB_ENV = "BOLTHID_DB"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
UNUSABLE_URL = (
    "Az adatbázis címe nem használható{shown}. A Bolthíd helyi SQLite-fájllal "
    "(sqlite:///útvonal/bolthid.sqlite) vagy PostgreSQL-kiszolgálóval "
    "(postgresql+psycopg://felhasználó@gép/adatbázis) dolgozik; a címet a --db kapcsoló vagy a "
    "BOLTHID_DB környezeti változó adja meg."
)


def default_url() -> str:
    return f"sqlite:///{paths.default_database_file().as_posix()}"


def resolve_url(explicit: str | None = None) -> str:
    """--db beats BOLTHID_DB beats the SQLite file in the user's data folder."""
    return explicit or os.environ.get(DB_ENV) or default_url()


def parse_url(url: str) -> URL:
    """The database address parsed, or a DatabaseError that says what is wrong with it – a typing
    mistake in --db or BOLTHID_DB is the user's to correct, never a traceback. The address is shown
    without its password, and not at all when it cannot be parsed (where a password would be)."""
    try:
        url_obj = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise _unusable(None, "a cím nem értelmezhető") from exc
    if url_obj.get_backend_name() not in SUPPORTED_BACKENDS:
        raise _unusable(url_obj, f"ismeretlen adatbázis-típus: {url_obj.drivername}")
    return url_obj


def _unusable(url_obj: URL | None, detail: str) -> DatabaseError:
    shown = f" ({url_obj.render_as_string(hide_password=True)})" if url_obj is not None else ""
    return DatabaseError(UNUSABLE_URL.format(shown=shown), detail)


def _create(url_obj: URL, **kwargs: Any) -> Engine:
    try:
        return create_engine(url_obj, **kwargs)
    except (ArgumentError, ImportError) as exc:  # a driver we do not ship (postgresql+asyncpg://…)
        raise _unusable(url_obj, str(exc).splitlines()[0]) from exc


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN (below)
    # really starts a transaction; otherwise reads before the first write run outside it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the GUI read while a sync writes; a file copy of a WAL database is not a backup,
    # which is why backups go through SQLite's backup API (app.db.backup).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # In WAL mode NORMAL never corrupts the database; a power cut may lose the last commits,
    # all together and in order (an order's document, its link and the cursor stay consistent).
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Wait for another process's write instead of failing at once (milliseconds).
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


READ_ONLY_OPTION = "bolthid_read_only"


def _sqlite_begin(conn: Any) -> None:
    # A writing transaction takes the write lock at the start (IMMEDIATE), so two writers queue
    # up (busy_timeout) instead of one failing with "database is locked" half-way through.
    # Read-only work (list screens) uses a deferred BEGIN and never waits for a writer.
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_read_only_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def make_engine(url: str | None = None, *, read_only: bool = False, **kwargs: Any) -> Engine:
    """``read_only``: a SQLite file this process may not write (a read-only mount or folder),
    opened as SQLite's immutable read-only view – the lists work, every write is refused, and
    no journal is created beside it."""
    url_obj = parse_url(resolve_url(url))
    if url_obj.get_backend_name() == "sqlite":
        database = url_obj.database
        if read_only and database:
            from pathlib import Path

            uri = f"file:{Path(database).resolve().as_posix()}?mode=ro&immutable=1"
            engine = _create(url_obj.set(database=uri, query={"uri": "true"}), **kwargs)
            event.listen(engine, "connect", _sqlite_read_only_on_connect)
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
            return engine
        if database and database != ":memory:":
            from pathlib import Path

            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = _create(url_obj, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return _create(url_obj, **kwargs)


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**{READ_ONLY_OPTION: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)
