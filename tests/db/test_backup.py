"""SQLite backup and restore through the backup API, from the command line."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

from app.bootstrap import open_database
from app.db.catalog import Product
from app.services.products import ProductInput, create_product


def _bolthid(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True)


def test_backup_of_a_live_wal_database_and_restore(tmp_path: Path) -> None:
    db_file = tmp_path / "live.sqlite"
    url = f"sqlite:///{db_file}"
    db = open_database(url)
    with db.transaction() as s:
        create_product(s, ProductInput(code="MENTETT", name="Mentés előtt", gross_price=D(100)))
    # Keep a connection open with uncheckpointed WAL content: a file copy would miss it.
    with db.reading() as s:
        assert s.get(Product, 1) is not None
        assert (db_file.with_name("live.sqlite-wal")).exists()
        backup = tmp_path / "mentes.sqlite"
        out = _bolthid("--db", url, "backup", str(backup))
        assert out.returncode == 0, out.stderr
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT code FROM products").fetchall() == [("MENTETT",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    with db.transaction() as s:
        create_product(s, ProductInput(code="KESOBBI", name="Mentés után", gross_price=D(100)))
    db.dispose()

    out = _bolthid("--db", url, "restore", str(backup))
    assert out.returncode == 0, out.stderr
    assert "Visszaállítva" in out.stdout and "előző állapot mentése" in out.stdout
    listed = _bolthid("--db", url, "list", "products")
    assert "MENTETT" in listed.stdout and "KESOBBI" not in listed.stdout
    # The state before the restore was kept, so a wrong restore loses nothing either.
    safety = Path(out.stdout.split("előző állapot mentése: ")[1].rstrip(")\n"))
    with sqlite3.connect(safety) as conn:
        assert sorted(conn.execute("SELECT code FROM products").fetchall()) == [("KESOBBI",), ("MENTETT",)]


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(url).dispose()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    out = _bolthid("--db", url, "restore", str(junk))
    assert out.returncode == 1
    assert "nem Bolthíd adatbázis-mentés" in out.stderr


def test_backup_command_explains_postgresql(tmp_path: Path) -> None:
    out = _bolthid("--db", "postgresql+psycopg://u@127.0.0.1:1/x", "backup", str(tmp_path / "b.sqlite"))
    assert out.returncode == 1 and "pg_dump" in out.stderr


def test_daily_backup_once_a_day_keeping_14(tmp_path) -> None:
    from datetime import date, timedelta

    from app.bootstrap import open_database
    from app.db.backup import daily_backup, list_backups

    url = f"sqlite:///{tmp_path / 'napi.sqlite'}"
    db = open_database(url)
    folder = tmp_path / "mentes"
    folder.mkdir()
    first = daily_backup(url, date(2026, 11, 1), folder)
    assert first is not None and first.name == "napi-2026-11-01.sqlite"
    assert daily_backup(url, date(2026, 11, 1), folder) is None, "once a day"
    for n in range(1, 20):
        daily_backup(url, date(2026, 11, 1) + timedelta(days=n), folder)
    names = sorted(p.name for p in list_backups(folder))
    assert len(names) == 14 and names[-1] == "napi-2026-11-20.sqlite"
    db.dispose()
