"""The window, `sync --loop` and one-shot commands write separate log files: on Windows a file that
another process holds open cannot be rotated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_command_logs_into_its_own_file(tmp_path: Path) -> None:
    env = {**os.environ, "BOLTHID_HOME": str(tmp_path), "BOLTHID_KEYRING": "file"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "shop", "add", "Napló bolt", "--api-key", "k"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    logs = {p.name for p in tmp_path.rglob("*.log")}
    assert "bolthid-cli.log" in logs and "bolthid.log" not in logs and "bolthid-sync.log" not in logs
