"""Runs work off the UI thread; results and errors always come back on the UI thread.

The only module that starts worker threads. A task is a plain function taking a ``Database``;
``on_success`` gets its return value, ``on_failure`` its exception (default: the error dialog).
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.errors import Cancelled

log = logging.getLogger(__name__)


class _Relay(QObject):
    """One per runner, living as long as it: every job reports through it. (A relay per job, deleted
    when its result arrived, could be freed while the worker thread was still inside emit() – a
    segfault under load.)"""

    # object, not int: Qt's int is 32-bit and our payloads are arbitrary Python objects.
    finished = Signal(object)  # (task id, box: [function, (succeeded, result or exception)])


def _job(task_id: int, box: list[Any], relay: _Relay) -> None:
    """Runs on a worker thread; the result goes back through the relay (a queued signal).

    ``box`` holds the task's function, and then its outcome; this thread keeps no other reference
    to either, and the UI thread empties the box. So whatever they hold last – a closure over a
    screen the user closed meanwhile, an exception whose frames hold that screen – is freed on
    the UI thread: a widget freed on a worker thread crashes the program (seen under load, in
    the thread pool's own clean-up after a job)."""
    try:
        box.append((True, box[0]()))
    except BaseException as exc:  # every failure must reach on_failure, never vanish
        exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
        box.append((False, exc))
    relay.finished.emit((task_id, box))


@dataclass
class _Task:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    parent: QWidget | None


class TaskRunner(QObject):
    """Owns the worker pool; ``pending`` lets tests wait until the UI is idle."""

    idle_changed = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # Plain Python worker threads: a Python QRunnable is freed by the pool on the worker thread
        # right after run() – with PySide that crashed now and then under load.
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="bolthid-task")
        self._futures: set[Future[None]] = set()
        self.pending = 0
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._relay = _Relay(self)  # parented: Qt owns it, no Python thread ever frees it
        self._relay.finished.connect(self._finished)
        self._closed = False

    def is_idle(self) -> bool:
        return self.pending == 0

    def close(self, msecs: int = 30000) -> bool:
        """No new work from now on (a timer firing while the program or a test ends starts
        nothing), and waits for what runs: the database may then be closed under no thread."""
        self._closed = True
        return self.wait(msecs)

    def run(
        self,
        fn: Callable[[Database], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if self._closed:
            log.info("task not started: the runner is closing")
            return
        task_id = next(self._ids)
        self._tasks[task_id] = _Task(on_success, on_failure, parent)
        self.pending += 1
        db = self.db
        future = self.pool.submit(_job, task_id, [lambda: fn(db)], self._relay)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    @Slot(object)
    def _finished(self, item: tuple[int, list[Any]]) -> None:
        """On the UI thread: the task's callback, unless the screen it belongs to was closed."""
        task_id, box = item
        ok, payload = box.pop()
        box.clear()  # the function: freed here, on this thread (see _job)
        task = self._tasks.pop(task_id)
        try:
            # The user closed the screen while its work ran: the result has nowhere to go.
            if task.parent is not None and not shiboken6.isValid(task.parent):
                return
            if ok:
                if task.on_success is not None:
                    task.on_success(payload)
            elif isinstance(payload, Cancelled):
                return
            elif task.on_failure is not None:
                task.on_failure(payload)
            else:
                from app.gui.error_dialog import show_error

                show_error(task.parent, payload)
        finally:
            self.pending -= 1
            if self.pending == 0:
                self.idle_changed.emit(True)

    def wait(self, msecs: int = 30000) -> bool:
        """True when every started job has returned within ``msecs`` (their results may still be
        waiting in the event queue)."""
        _done, not_done = futures_wait(list(self._futures), timeout=msecs / 1000)
        return not not_done
