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


def test_the_main_window_opens_without_the_sync_machinery(tmp_path) -> None:
    """A start imports neither the sync (UNAS client, requests, order import), nor the sandboxes,
    nor the PDF and spreadsheet libraries, nor alembic, nor the keyring, nor Pillow and lxml, nor
    the PostgreSQL dialect on an SQLite database: they load when first used."""
    from app.db.database import connect

    url = f"sqlite:///{tmp_path / 'start.sqlite'}"
    connect(url).dispose()  # made and migrated here, so the probe opens an up-to-date database
    heavy = [
        "alembic",
        "app.sandbox_shop",
        "app.sync.shop_sync",
        "app.unas.client",
        "keyring",
        "lxml",
        "openpyxl",
        "PIL",
        "reportlab",
        "requests",
        "sqlalchemy.dialects.postgresql",
    ]
    probe = (
        "import sys\n"
        "from app.bootstrap import open_database\n"
        "from app.gui.application import build_main_window, create_application\n"
        "app = create_application()\n"
        f"db = open_database({url!r})\n"
        "window = build_main_window(db)\n"
        "window.show()\n"
        "app.processEvents()\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
        "window.ctx.tasks.close(10000)\n"
        "db.dispose()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOLTHID_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_window_start_does_not_build_the_command_line(tmp_path) -> None:
    """The full parser (every subcommand and its help, 13-21 ms) is for commands; the console script's
    own entry point, started with the window's options only, never imports it."""
    probe = (
        "import sys\n"
        "from app.__main__ import main\n"
        "sys.argv = ['bolthid', '--smoke', '--db', sys.argv[1]]\n"
        "rc = main()\n"
        "print(rc, 'app.cli.parser' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOLTHID_HOME": str(tmp_path)}
    url = f"sqlite:///{tmp_path / 'start.sqlite'}"
    out = subprocess.run(
        [sys.executable, "-c", probe, url], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "főablak megnyílt" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "0 False"
    assert (tmp_path / "start.sqlite").exists()  # --db was followed
