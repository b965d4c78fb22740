"""Hungarian output survives a console that is not UTF-8: a Western Windows (code page 1252) with
redirected output, or a C locale, used to end in UnicodeEncodeError at the first "ő"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "cp1250"])
def test_hungarian_output_on_any_code_page(encoding: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "BOLTHID_HOME": str(tmp_path), "LC_ALL": "C"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "shop", "add", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")  # always UTF-8, whatever the console said
    assert "az első szinkron" in text  # "ő" is in neither cp1252 nor ascii
    assert b"UnicodeEncodeError" not in done.stderr
