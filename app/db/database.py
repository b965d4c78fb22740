"""One opened database: its engine, its session factories and its transaction helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.db.backup import sqlite_file
from app.db.engine import make_engine, make_session_factory, resolve_url
from app.db.failures import READ_ONLY, explain, first_line, location
from app.db.file_checks import check_schema, check_sqlite_file, writable
from app.db.network_share import share_warning
from app.db.schema_version import HEAD_REVISION
from app.errors import DatabaseError


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    backup_made: Path | None = None
    # Things the user should know about this database (e.g. a SQLite file on a network share).
    notices: list[str] = field(default_factory=list)
    _identity: str | None = field(default=None, repr=False)
    # A file this process may not write: opened for reading only (lists work, writes are refused).
    read_only: bool = False

    def identity(self) -> str:
        """The database's own id (app.db.identity): what its secrets are named by."""
        if self._identity is None:
            from app.db import identity

            with self.reading() as session:
                row = session.get(identity.DatabaseIdentity, identity.ROW_ID)
                found = row.identity if row is not None else None
            if found is None:
                with self.transaction() as session:
                    found = identity.identity(session)
            self._identity = found
        return self._identity

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def issuing(self) -> Iterator[Session]:
        """A transaction that issues invoices: once it commits, a power cut cannot lose it.

        The embedded SQLite runs with synchronous=NORMAL (fast, never corrupt, but the last
        commits may be lost on a power cut – fine for a sync that is redone). An invoice may
        already be printed or e-mailed when the power goes, so its commit waits for the disk.
        """
        if self.engine.dialect.name != "sqlite":
            with self.transaction() as session:
                yield session
            return
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            # Outside any transaction (pysqlite runs in autocommit mode here, see app.db.engine).
            raw.execute("PRAGMA synchronous=FULL")
            try:
                with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                    yield session
            finally:
                raw.execute("PRAGMA synchronous=NORMAL")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session that never waits for a writer (list screens, reports)."""
        with self.read_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def at_head(engine: Engine) -> bool:
    """The database already has this version's schema (its alembic_version says HEAD_REVISION)."""
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
    except SQLAlchemyError:
        return False  # no such table yet, or it cannot be read: the full check says which


def connect(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open the database at ``url`` (or the default) and migrate it to head (backing up first).

    Every way a database file can be wrong ends in a ``DatabaseError`` with the user's message
    (app.db.failures) before anything is written to it.
    """
    resolved = resolve_url(url)
    db_file = sqlite_file(resolved)  # parses it first: a mistyped address is said before anything reads it
    read_only = False
    if db_file is not None and db_file.exists():
        check_sqlite_file(db_file)
        read_only = not writable(db_file)
    where = location(resolved)
    engine = make_engine(resolved, read_only=read_only)
    try:
        if at_head(engine):
            # The everyday case, told by one query: alembic (a seventh of a start) is not loaded.
            backup = None
        elif read_only:
            from app.db import migrate

            current = check_schema(engine, migrate.scripts())
            if current != migrate.head_revision():
                raise DatabaseError(
                    READ_ONLY.format(where=f" ({where})")
                    + " Ráadásul régebbi verzióval készült: frissíteni kellene, amihez írni kell."
                )
            backup = None
        else:
            from app.db import migrate

            backup = migrate.upgrade(engine) if upgrade else None
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        known = explain(exc, where)
        if known is not None:
            raise known from exc
        raise DatabaseError(
            "Az adatbázis nem nyitható meg. Ellenőrizze az elérési utat vagy a kiszolgáló elérhetőségét.",
            first_line(getattr(exc, "orig", None) or exc),
        ) from exc
    database = Database(
        resolved, engine, make_session_factory(engine), make_session_factory(engine, read_only=True), backup
    )
    database.read_only = read_only
    if read_only:
        database.notices.append(READ_ONLY.format(where=f" ({where})"))
    if db_file is not None:
        warning = share_warning(db_file)
        if warning:
            database.notices.append(warning)
    return database
