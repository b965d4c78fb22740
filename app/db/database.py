"""One opened database: its engine, its session factories and its transaction helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.db import migrate
from app.db.engine import make_engine, make_session_factory, resolve_url
from app.errors import DatabaseError


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    backup_made: Path | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session that never waits for a writer (list screens, reports)."""
        with self.read_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def connect(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open the database at ``url`` (or the default) and migrate it to head (backing up first)."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        backup = migrate.upgrade(engine) if upgrade else None
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(
            "Az adatbázis nem nyitható meg. Ellenőrizze az elérési utat vagy a kiszolgáló elérhetőségét.",
            str(exc),
        ) from exc
    return Database(
        resolved, engine, make_session_factory(engine), make_session_factory(engine, read_only=True), backup
    )
