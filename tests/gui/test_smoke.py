"""`bolthid --smoke` opens the real main window offscreen and exits 0 (installer and CI use it)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_smoke_opens_the_main_window_and_exits_cleanly(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOLTHID_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "app", "--smoke"], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "főablak megnyílt" in out.stdout
    assert (tmp_path / "data" / "bolthid.sqlite").exists()  # the embedded default was created


def test_without_a_display_the_program_says_so(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["BOLTHID_HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "Nincs grafikus kijelző" in out.stderr and "bolthid stock" in out.stderr
