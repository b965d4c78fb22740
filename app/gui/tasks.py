"""Runs work off the UI thread; results and errors always come back on the UI thread.

The only module that touches QThreadPool. A task is a plain function taking a ``Database``;
``on_success`` gets its return value, ``on_failure`` its exception (default: the error dialog).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.errors import Cancelled

log = logging.getLogger(__name__)


class _Relay(QObject):
    # object, not int: Qt's int is 32-bit and our payloads are arbitrary Python objects.
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # every failure must reach on_failure, never vanish
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.failed.emit(exc)
            return
        self.relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Owns the worker pool; ``pending`` lets tests wait until the UI is idle."""

    idle_changed = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self.pending = 0
        self._relays: set[_Relay] = set()

    def is_idle(self) -> bool:
        return self.pending == 0

    def run(
        self,
        fn: Callable[[Database], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)
        self.pending += 1

        def done() -> None:
            # Drop the slots: PySide keeps connected Python callables (and the widgets they
            # capture) alive for as long as the connection exists.
            relay.succeeded.disconnect()
            relay.failed.disconnect()
            relay.deleteLater()
            self._relays.discard(relay)
            self.pending -= 1
            if self.pending == 0:
                self.idle_changed.emit(True)

        def widget_gone() -> bool:
            # The user closed the screen while its work ran: the result has nowhere to go.
            return parent is not None and not shiboken6.isValid(parent)

        @Slot(object)
        def succeeded(result: Any) -> None:
            try:
                if widget_gone():
                    return
                if on_success is not None:
                    on_success(result)
            finally:
                done()

        @Slot(object)
        def failed(exc: BaseException) -> None:
            try:
                if isinstance(exc, Cancelled) or widget_gone():
                    return
                if on_failure is not None:
                    on_failure(exc)
                else:
                    from app.gui.error_dialog import show_error

                    show_error(parent, exc)
            finally:
                done()

        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        db = self.db
        self.pool.start(_Job(lambda: fn(db), relay))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
