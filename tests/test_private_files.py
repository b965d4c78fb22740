"""The database, its backups and the logs are readable by the user only (POSIX), also when an older
version left them open to everybody."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="POSIX file modes; Windows uses the user's profile"
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_database_backups_and_logs_are_the_users_alone(tmp_path: Path) -> None:
    env = {**os.environ, "BOLTHID_HOME": str(tmp_path), "BOLTHID_KEYRING": "file"}
    env.pop("BOLTHID_DB", None)
    subprocess.run(
        [sys.executable, "-m", "app", "list", "products"], env=env, check=True, capture_output=True
    )
    backup = tmp_path / "mentes.sqlite"
    subprocess.run(
        [sys.executable, "-m", "app", "backup", str(backup)], env=env, check=True, capture_output=True
    )
    database = tmp_path / "data" / "bolthid.sqlite"
    assert _mode(tmp_path / "data") == 0o700
    assert _mode(database) == 0o600
    assert _mode(backup) == 0o600
    logs = [p for p in (tmp_path / "log").rglob("*") if p.is_file()]
    assert logs and all(_mode(p) == 0o600 for p in logs)


def test_files_an_older_version_left_open_are_closed(tmp_path: Path) -> None:
    env = {**os.environ, "BOLTHID_HOME": str(tmp_path), "BOLTHID_KEYRING": "file"}
    env.pop("BOLTHID_DB", None)
    subprocess.run(
        [sys.executable, "-m", "app", "list", "products"], env=env, check=True, capture_output=True
    )
    database = tmp_path / "data" / "bolthid.sqlite"
    database.chmod(0o644)
    (tmp_path / "data").chmod(0o755)
    subprocess.run(
        [sys.executable, "-m", "app", "list", "products"], env=env, check=True, capture_output=True
    )
    assert _mode(database) == 0o600 and _mode(tmp_path / "data") == 0o700
