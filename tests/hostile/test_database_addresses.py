"""A mistyped database address (--db or BOLTHID_DB) – unparsable, another kind of database, a driver
we do not ship – ends in one Hungarian message naming the two kinds we speak, the address shown
without its password; never a traceback, never the catch-all "Váratlan hiba"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.db.engine import UNUSABLE_URL

SAYS = UNUSABLE_URL.split("{")[0]  # "Az adatbázis címe nem használható"
BAD = {
    "unparsable": "::bolt:titok@",
    "another_kind": "mysql://bolt:titok@gep/bolthid",
    "unknown_kind": "nonsense://bolt:titok@gep/x",
    "driver_not_shipped": "postgresql+asyncpg://bolt:titok@gep/bolthid",
}
COMMANDS = {"list": ["list", "products"], "backup": ["backup", "{tmp}/m.sqlite"], "migrate": ["migrate"]}


@pytest.mark.parametrize("url", list(BAD.values()), ids=list(BAD))
@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_a_mistyped_address_is_said_in_hungarian(
    bolthid, url: str, command: list[str], tmp_path: Path
) -> None:
    result = bolthid("--db", url, *(part.format(tmp=tmp_path) for part in command))
    assert result.code != 0
    if command[0] == "backup" and url.startswith("postgresql"):
        assert "pg_dump" in result.err  # a server's backup is the server's, whatever its driver
    else:
        assert SAYS in result.err and "sqlite:///" in result.err and "postgresql" in result.err
    assert "titok" not in result.err.replace("--db címben megadott jelszó", "")


def test_the_environment_variable_is_checked_the_same_way(
    bolthid, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BOLTHID_DB", BAD["another_kind"])
    result = bolthid("list", "products")
    assert result.code != 0 and SAYS in result.err and "mysql://bolt:***@gep" in result.err


def test_the_window_says_it_too(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOLTHID_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--db", BAD["unknown_kind"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert SAYS in out.stderr and "Traceback" not in out.stderr and "titok" not in out.stderr
