"""The garbage collector is off only during the start, and is back on (the start's heap frozen) for the
rest of every run, whichever way the program was started."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import collector

# Runs the program's own entry point in a fresh process, as the console script does, then reports the
# collector's state once main() has returned.
_PROBE = """
import gc, json, sys
from app.__main__ import main
seen = []
if sys.argv[1] == "--watch":  # the long-running part of a command, replaced by a spy of the collector
    import importlib
    module, name = sys.argv[2].rsplit(".", 1)
    setattr(importlib.import_module(module), name, lambda *a, **k: seen.append(gc.isenabled()) or 0)
    del sys.argv[1:3]
sys.argv = ["bolthid", *sys.argv[1:]]
try:
    rc = main()
except SystemExit as exc:
    rc = exc.code
print(json.dumps({"rc": rc, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count(), "seen": seen}))
"""


@pytest.fixture
def gc_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    collector._paused = False
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def _probe(*args: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_pause_then_resume_enables_and_freezes(gc_restored: None) -> None:
    gc.enable()
    collector.pause()
    assert not gc.isenabled()
    collector.pause()  # a second pause is harmless and still resumes once
    collector.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resume_without_pause_changes_nothing(gc_restored: None) -> None:
    gc.disable()  # a caller that switched the collector off on purpose keeps it off
    collector.resume()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_cli_run_ends_with_the_collector_on_and_the_start_frozen(tmp_path: Path) -> None:
    state = _probe("--db", f"sqlite:///{tmp_path / 'b.sqlite'}", "migrate")
    assert state["rc"] == 0 and state["enabled"] is True
    assert isinstance(state["frozen"], int) and state["frozen"] > 10_000


def test_a_run_that_ends_before_the_database_still_resumes() -> None:
    state = _probe("--version")
    assert state["rc"] == 0
    assert state["enabled"] is True


@pytest.mark.parametrize(
    ("watched", "args"),
    [
        ("app.cli.data_commands.stock", ["stock"]),  # a command on the database, as sync --loop is
        (
            "app.sandbox.serve.serve",
            ["sandbox", "serve", "--port", "0"],
        ),  # a test service: hours, no database
    ],
)
def test_the_collector_is_on_while_the_command_itself_runs(
    tmp_path: Path, watched: str, args: list[str]
) -> None:
    state = _probe("--watch", watched, "--db", f"sqlite:///{tmp_path / 'b.sqlite'}", *args)
    assert state["rc"] == 0
    assert state["seen"] == [True]
