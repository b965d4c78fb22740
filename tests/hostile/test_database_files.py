"""Database files a user may end up with: another file, another program's database, a corrupt,
read-only or full one, one made by a newer version. Each its own message; nothing written to it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text

from app import paths
from app.bootstrap import open_database
from app.db import backup
from app.db.failures import CORRUPT, FULL, NEWER, NOT_OURS, NOT_OURS_SERVER, READ_ONLY

# The first sentence of each message, as the user reads it.
CORRUPT_SAYS = CORRUPT.split("{")[0]
NOT_OURS_SAYS = NOT_OURS.split("}")[1].split(".")[0]
NEWER_SAYS = NEWER.split("(")[0]
FULL_SAYS = FULL.split(":")[0]
READ_ONLY_SAYS = READ_ONLY.split("{")[0]


def _sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None


def _raw(url: str, *statements: str) -> None:
    """Changes made behind the program's back (another program, a newer version)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _made(url: str) -> str:
    """A migrated database, closed again."""
    open_database(url).dispose()
    return url


def _fingerprint(path: Path) -> bytes:
    return path.read_bytes()


def test_a_text_file_is_no_database_and_stays_as_it_was(tmp_path: Path, bolthid) -> None:
    path = tmp_path / "szamlak.sqlite"
    path.write_bytes(b"Ez egy jegyzet, nem adatbazis.\n" * 10)
    before = _fingerprint(path)
    result = bolthid("--db", f"sqlite:///{path.as_posix()}", "list", "products")
    assert result.code != 0 and NOT_OURS_SAYS in result.err, result.err
    assert _fingerprint(path) == before and not list(tmp_path.glob("szamlak.sqlite-*"))


def test_an_empty_file_is_a_new_database(tmp_path: Path, bolthid) -> None:
    path = tmp_path / "uj.sqlite"
    path.touch()
    assert bolthid("--db", f"sqlite:///{path.as_posix()}", "list", "products").code == 0


def test_another_programs_database_is_refused_untouched(db_url: str, bolthid) -> None:
    _raw(db_url, "CREATE TABLE konyveles (id INTEGER PRIMARY KEY, osszeg INTEGER)")
    result = bolthid("--db", db_url, "list", "products")
    assert result.code != 0
    says = NOT_OURS_SAYS if db_url.startswith("sqlite") else NOT_OURS_SERVER.split(",")[0]
    assert says in result.err, result.err
    engine = create_engine(db_url)
    with engine.connect() as conn:
        from sqlalchemy import inspect

        assert inspect(conn).get_table_names() == ["konyveles"]
    engine.dispose()


def test_a_newer_versions_database_is_opened_and_backed_up_by_nobody(db_url: str, bolthid) -> None:
    _raw(_made(db_url), "UPDATE alembic_version SET version_num = '0999'")
    for command in (["list", "products"], ["migrate"], ["sync", "orders"]):
        result = bolthid("--db", db_url, *command)
        assert result.code != 0 and NEWER_SAYS in result.err and "0999" in result.err, result.err
    assert not list(paths.backup_dir().glob("*.sqlite")) if paths.backup_dir().exists() else True
    path = _sqlite_path(db_url)
    if path is not None:
        copy = path.with_name("masolat.sqlite")
        result = bolthid("--db", db_url, "backup", str(copy))
        assert result.code != 0 and NEWER_SAYS in result.err and not copy.exists()


def test_a_backup_made_by_a_newer_version_is_not_restored(tmp_path: Path, bolthid) -> None:
    url = _made(f"sqlite:///{(tmp_path / 'ceg.sqlite').as_posix()}")
    newer = tmp_path / "ujabb-mentes.sqlite"
    shutil.copy(tmp_path / "ceg.sqlite", newer)
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    before = _fingerprint(tmp_path / "ceg.sqlite")
    result = bolthid("--db", url, "restore", str(newer))
    assert result.code != 0 and NEWER_SAYS in result.err, result.err
    assert _fingerprint(tmp_path / "ceg.sqlite") == before


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):  # every page after the schema's first ones
        data[start : start + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def test_a_corrupt_database_says_restore_a_backup_and_is_not_backed_up(tmp_path: Path, bolthid) -> None:
    path = tmp_path / "ceg.sqlite"
    url = f"sqlite:///{path.as_posix()}"
    db = open_database(url)
    with db.transaction() as s:
        from tests.services.helpers import make_product

        for n in range(300):
            make_product(s, f"P-{n}", name="Hosszú termék neve " * 5)
    db.dispose()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _corrupt(path)
    result = bolthid("--db", url, "list", "products")
    assert result.code != 0 and CORRUPT_SAYS in result.err, result.err
    folder = tmp_path / "mentesek"
    with pytest.raises(Exception) as refused:
        backup.daily_backup(url, folder=folder)
    assert CORRUPT_SAYS in str(refused.value)
    assert not folder.exists() or not list(folder.iterdir())


FS_IOC_GETFLAGS, FS_IOC_SETFLAGS, FS_IMMUTABLE_FL = 0x80086601, 0x40086602, 0x10


def _immutable(path: Path, on: bool) -> None:
    import fcntl
    import struct

    fd = os.open(path, os.O_RDONLY)
    try:
        flags = struct.unpack("i", fcntl.ioctl(fd, FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        flags = flags | FS_IMMUTABLE_FL if on else flags & ~FS_IMMUTABLE_FL
        fcntl.ioctl(fd, FS_IOC_SETFLAGS, struct.pack("i", flags))
    finally:
        os.close(fd)


@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """A folder this process may not write: mode bits for a user; for the administrator, whom
    mode bits do not stop, the file system's immutable flag (what `chattr +i` sets)."""
    files = [folder, *folder.iterdir()]
    if os.geteuid() != 0:
        folder.chmod(0o555)
        for file in files[1:]:
            file.chmod(0o444)
        try:
            yield
        finally:
            folder.chmod(0o755)
            for file in files[1:]:
                file.chmod(0o644)
        return
    try:
        for file in files:
            _immutable(file, True)
    except OSError as exc:
        for file in files:
            with suppress(OSError):
                _immutable(file, False)
        pytest.skip(f"this file system has no immutable flag for the administrator: {exc}")
    try:
        yield
    finally:
        for file in files:
            _immutable(file, False)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOLTHID_KEYRING": "file"}
    return subprocess.run([sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True)


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX permissions and the Linux immutable flag")
def test_a_read_only_database_can_be_listed_but_not_changed(tmp_path: Path) -> None:
    folder = tmp_path / "csak-olvashato"
    folder.mkdir()
    url = _made(f"sqlite:///{(folder / 'ceg.sqlite').as_posix()}")
    db = open_database(url)
    with db.transaction() as s:
        from tests.services.helpers import make_product

        make_product(s, "OLVAS-1", name="Olvasható termék")
    db.dispose()
    (folder / "kulcs.txt").write_text("KULCS\n", encoding="utf-8")
    before = _fingerprint(folder / "ceg.sqlite")
    with _read_only(folder):
        listed = _run("--db", url, "list", "products")
        changed = _run("--db", url, "shop", "add", "Bolt", "--api-key-file", str(folder / "kulcs.txt"))
    assert listed.returncode == 0, listed.stderr
    assert "OLVAS-1" in listed.stdout and READ_ONLY_SAYS in listed.stderr
    assert changed.returncode != 0 and READ_ONLY_SAYS in changed.stderr, changed.stderr
    assert "Traceback" not in changed.stderr and "Váratlan" not in changed.stderr
    assert _fingerprint(folder / "ceg.sqlite") == before


def test_a_read_only_server_database_can_be_listed_but_not_changed(db_url: str, bolthid, monkeypatch) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("the SQLite case is the read-only file above")
    _made(db_url)
    name = db_url.rsplit("/", 1)[1]
    _raw(db_url, f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    assert bolthid("--db", db_url, "list", "products").code == 0
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("KULCS\n"))
    result = bolthid("--db", db_url, "shop", "add", "Bolt", "--api-key", "-")
    assert result.code != 0 and READ_ONLY_SAYS in result.err, result.err


@pytest.fixture
def full_disk(db_url: str) -> Iterator[str]:
    """A disk that fills up during the next write: SQLite's own page limit (the same SQLITE_FULL
    a full disk gives), or a PostgreSQL trigger raising the server's disk_full error."""
    _made(db_url)
    if not db_url.startswith("sqlite"):
        _raw(
            db_url,
            "CREATE FUNCTION full_disk() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION USING "
            "ERRCODE = 'disk_full', MESSAGE = 'could not extend file: No space left on device'; END $$ "
            "LANGUAGE plpgsql",
            "CREATE TRIGGER full_disk BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION full_disk()",
        )
        yield db_url
        return

    def limit_pages(dbapi_connection, _record) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    event.listen(Engine, "connect", limit_pages)
    yield db_url
    event.remove(Engine, "connect", limit_pages)


def test_a_full_disk_loses_nothing_and_shows_no_data(full_disk: str, tmp_path: Path, bolthid) -> None:
    sheet = tmp_path / "sok.csv"
    rows = "\n".join(f"TITKOS-{n};Titkos vevői adat {n} {'x' * 200};1000;1;;" for n in range(400))
    sheet.write_text(f"Termékkód;Megnevezés;Bruttó ár;Készlet;Kategória;Leírás\n{rows}\n", encoding="utf-8")
    result = bolthid("--db", full_disk, "import", "products", str(sheet))
    assert result.code != 0 and FULL_SAYS in result.err, result.text
    assert "INSERT" not in result.text and "Titkos vevői adat" not in result.err
    event_free = create_engine(full_disk)
    with event_free.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM products")).scalar() == 0
    event_free.dispose()


def test_a_database_password_is_never_shown(bolthid) -> None:
    result = bolthid(
        "--db", "postgresql+psycopg://bolthid:NagyonTitkos99@127.0.0.1:1/ceg", "list", "products"
    )
    assert result.code != 0 and "nem nyitható meg" in result.err
    assert "NagyonTitkos99" not in result.text
    assert "folyamatlistában" in result.err  # and the user learns how to keep it off the command line


def test_automatic_backups_are_pruned_and_the_users_own_are_kept(tmp_path: Path, bolthid) -> None:
    url = _made(f"sqlite:///{(tmp_path / 'ceg.sqlite').as_posix()}")
    folder = paths.backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(15):
        shutil.copy(
            tmp_path / "ceg.sqlite", folder / f"bolthid-20260101-0000{n:02d}-frissites-elott-0012.sqlite"
        )
        os.utime(folder / f"bolthid-20260101-0000{n:02d}-frissites-elott-0012.sqlite", (1e9 + n, 1e9 + n))
    shutil.copy(tmp_path / "ceg.sqlite", folder / "bolthid-20250101-000000-kezi.sqlite")
    shutil.copy(tmp_path / "ceg.sqlite", tmp_path / "mentes.sqlite")
    assert bolthid("--db", url, "restore", str(tmp_path / "mentes.sqlite")).code == 0
    automatic = sorted(p.name for p in folder.glob("*-frissites-elott-*")) + sorted(
        p.name for p in folder.glob("*visszaallitas-elott*")
    )
    assert len(automatic) == backup.KEEP_AUTOMATIC
    assert "bolthid-20260101-000000-frissites-elott-0012.sqlite" not in automatic
    assert (folder / "bolthid-20250101-000000-kezi.sqlite").exists()
