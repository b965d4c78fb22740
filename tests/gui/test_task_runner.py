"""The background runner frees a task's function and outcome on the UI thread, never on a worker.

A task's closure often holds a screen; if the user closed the screen while the task ran, the
closure is the screen's last reference, and a widget freed on a worker thread crashes the program.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.database import Database, connect
from app.gui.tasks import TaskRunner


class _Tracked:
    """Records the thread its last reference was dropped on (as a closed screen would be freed)."""

    def __init__(self, freed_on: list[str]) -> None:
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


@pytest.fixture
def runner(tmp_path: Path, qtbot) -> Iterator[TaskRunner]:
    db: Database = connect(f"sqlite:///{tmp_path / 'tasks.sqlite'}")
    tasks = TaskRunner(db)
    yield tasks
    tasks.close(10000)
    db.dispose()


@pytest.mark.parametrize("fails", [False, True], ids=["returns", "raises"])
def test_a_task_whose_screen_went_away_is_freed_on_the_ui_thread(
    runner: TaskRunner, qtbot, fails: bool
) -> None:
    freed_on: list[str] = []
    started, release = threading.Event(), threading.Event()
    outcomes: list[object] = []

    def make_work(tracked: _Tracked):
        def work(_db: Database) -> str:
            started.set()
            release.wait(10)
            if fails:
                # The exception's frames hold the closure (and so the screen) as well.
                raise RuntimeError(f"kudarc {tracked!r}")
            return "kész"

        return work

    runner.run(make_work(_Tracked(freed_on)), outcomes.append, outcomes.append)
    assert started.wait(10)
    release.set()  # the UI side holds no reference any more: only the runner's job does
    assert runner.wait(10000)  # the worker has finished with the job, its clean-up included
    qtbot.waitUntil(runner.is_idle, timeout=10000)
    outcomes.clear()  # the failure's exception (and its frames) dropped here, on the UI thread
    assert freed_on == [threading.main_thread().name]
