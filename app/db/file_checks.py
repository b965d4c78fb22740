"""Checks made before a database is opened or backed up, so that a wrong file is never changed.

A file that is not SQLite, a SQLite file of another program, a database made by a newer version
of this program: each is refused with its own message, and nothing is written into it – no
migration, no default data, no backup.
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from app import __version__
from app.db.failures import NEWER, NOT_OURS, NOT_OURS_SERVER
from app.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"


def check_sqlite_file(path: Path) -> None:
    """An existing file must be a SQLite database (an empty file is a new one)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Az adatbázisfájl nem olvasható ({path}).", str(exc)) from exc
    if head and head != SQLITE_HEADER:
        raise DatabaseError(NOT_OURS.format(file=path), "a fájl eleje nem SQLite-fejléc")


def writable(path: Path) -> bool:
    """Whether this process may write the file and create its journal beside it (a real try:
    a read-only mount or a share refuses even the administrator, whatever the mode bits say)."""
    try:
        with path.open("r+b"):
            pass
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError:
        return False
    return True


def known_revisions(script: ScriptDirectory) -> set[str]:
    return {rev.revision for rev in script.walk_revisions()}


def check_schema(engine: Engine, script: ScriptDirectory) -> str | None:
    """The database's schema revision; refuses another program's tables and a newer version."""
    tables = set(inspect(engine).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            if engine.dialect.name == "sqlite":
                raise DatabaseError(
                    NOT_OURS.format(file=engine.url.database), f"táblák: {sorted(tables)[:5]}"
                )
            raise DatabaseError(NOT_OURS_SERVER, f"táblák: {sorted(tables)[:5]}")
        return None
    with engine.connect() as conn:
        current = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    if current is not None and current not in known_revisions(script):
        raise DatabaseError(NEWER.format(revision=current, version=__version__))
    return current


def backup_revision_problem(path: Path, script: ScriptDirectory) -> str | None:
    """Why a backup file must not be restored by this version (made by a newer one), if so."""
    try:
        with closing(sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)) as conn:
            row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.Error:
        return None  # the integrity check that follows names the problem
    if row and row[0] not in known_revisions(script):
        return NEWER.format(revision=row[0], version=__version__)
    return None
