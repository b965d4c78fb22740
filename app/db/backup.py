"""SQLite backups through SQLite's online backup API (a file copy of a WAL database is unsafe)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from app import paths
from app.db.engine import parse_url
from app.errors import DatabaseError
from app.timeutil import BUDAPEST, budapest_today


def sqlite_file(url: str) -> Path | None:
    url_obj = parse_url(url)  # a mistyped address: the user's message, not a traceback
    if url_obj.get_backend_name() != "sqlite" or not url_obj.database or url_obj.database == ":memory:":
        return None
    return Path(url_obj.database)


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently, even while other connections write to it."""
    if not source.exists():
        raise DatabaseError(f"Az adatbázis nem található: {source}")
    from app.db.file_checks import backup_revision_problem
    from app.db.migrate import scripts

    newer = backup_revision_problem(source, scripts())
    if newer:  # a newer version's database is backed up by nobody: this version cannot read it back
        raise DatabaseError(newer)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                # The backup gets the source's WAL mode; a single-file backup is easier to keep.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        tmp.replace(target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError("Az adatbázis mentése nem sikerült.", str(exc)) from exc
    return target


def make_test_copy(source: Path, target: Path) -> Path:
    """A copy to try things on: the same data under a new database identity (app.db.identity),
    so nothing done with the copy reads or replaces the original's stored keys and passwords."""
    from app.db.identity import new_identity

    backup_sqlite(source, target)
    try:
        with closing(sqlite3.connect(target)) as conn, conn:
            conn.execute("UPDATE database_identity SET identity = ?", (new_identity(),))
    except sqlite3.OperationalError:
        pass  # a schema from before the identity: it gets a new one when it is first opened
    return target


def restore_sqlite(backup: Path, target: Path) -> Path | None:
    """Put a backup in place of the database; the current database is saved first.

    Returns the path of the safety copy of the replaced database (None if there was none).
    Other Bolthíd windows using the database must be closed: the restore writes into the live
    file through the backup API, so they would see the restored data only after a restart.
    """
    if not backup.exists():
        raise DatabaseError(f"A mentésfájl nem található: {backup}")
    try:
        check = sqlite3.connect(f"file:{backup.as_posix()}?mode=ro", uri=True)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError("A kiválasztott fájl nem Bolthíd adatbázis-mentés.", str(exc)) from exc
    if not result or result[0] != "ok":
        raise DatabaseError("A mentésfájl sérült, nem állítható vissza.", str(result))
    from app.db.file_checks import backup_revision_problem
    from app.db.migrate import scripts

    newer = backup_revision_problem(backup, scripts())
    if newer:
        raise DatabaseError(f"A mentés nem állítható vissza. {newer}")
    safety = None
    if target.exists():
        safety = backup_sqlite(target, default_backup_path("visszaallitas-elott"))
        prune_automatic()
    try:
        src = sqlite3.connect(f"file:{backup.as_posix()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"A visszaállítás nem sikerült. A visszaállítás előtti állapot mentése: {safety}", str(exc)
        ) from exc
    return safety


def default_backup_path(reason: str) -> Path:
    # Local time in the name: the user picks a backup by when they remember working.
    stamp = datetime.now(BUDAPEST).strftime("%Y%m%d-%H%M%S")
    path = paths.backup_dir() / f"bolthid-{stamp}-{reason}.sqlite"
    n = 1
    while path.exists():
        n += 1
        path = paths.backup_dir() / f"bolthid-{stamp}-{reason}-{n}.sqlite"
    return path


DAILY_PREFIX = "napi-"
KEEP_DAILY = 14
# Backups the program makes by itself before a migration or a restore: the newest are kept. Those
# the user asked for ("kezi") and files the user put in the folder are never deleted.
AUTOMATIC_REASONS = ("frissites-elott-", "visszaallitas-elott")
KEEP_AUTOMATIC = 10


def prune_automatic(folder: Path | None = None) -> list[Path]:
    """Deletes all but the newest ``KEEP_AUTOMATIC`` automatic backups; returns what went."""
    folder = folder or paths.backup_dir()
    automatic = [
        p
        for p in folder.glob("bolthid-*.sqlite")
        if any(f"-{reason}" in p.name for reason in AUTOMATIC_REASONS)
    ]
    automatic.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    for old in automatic[KEEP_AUTOMATIC:]:
        old.unlink(missing_ok=True)
    return automatic[KEEP_AUTOMATIC:]


def check_intact(source: Path) -> None:
    """Refuses a corrupt database before it is backed up: a backup of it would push a good one
    out of the kept fourteen. ``quick_check`` reads every page (a second for a large file)."""
    from app.db.failures import CORRUPT

    try:
        with closing(sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(CORRUPT.format(where=f" ({source})"), str(exc)) from exc
    if not result or result[0] != "ok":
        raise DatabaseError(CORRUPT.format(where=f" ({source})"), str(result)[:200])


def daily_backup(url: str, today: date | None = None, folder: Path | None = None) -> Path | None:
    """Once a day (SQLite): a backup named by the date; the last 14 daily backups are kept."""
    source = sqlite_file(url)
    if source is None or not source.exists():
        return None
    folder = folder or paths.backup_dir()
    today = today or budapest_today()
    target = folder / f"{DAILY_PREFIX}{today.isoformat()}.sqlite"
    if target.exists():
        return None
    check_intact(source)
    backup_sqlite(source, target)
    daily = sorted(folder.glob(f"{DAILY_PREFIX}*.sqlite"))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def list_backups(folder: Path | None = None) -> list[Path]:
    """Every backup in the backup folder, newest first."""
    folder = folder or paths.backup_dir()
    return sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)


PG_DUMP_HINT = (
    "PostgreSQL adatbázist a kiszolgáló eszközeivel mentsen, pl. naponta: "
    "pg_dump -Fc -f bolthid.dump ADATBÁZIS; visszaállítás: pg_restore -c -d ADATBÁZIS bolthid.dump"
)
