"""How long-running core code reports progress and notices cancellation, without knowing Qt."""

from __future__ import annotations

import sys
from typing import Protocol

from app.errors import Cancelled


class Progress(Protocol):
    def report(self, done: int, total: int | None = None, label: str = "") -> None: ...

    def raise_if_cancelled(self) -> None: ...


class SilentProgress:
    """Progress sink for tests and scheduled jobs; can still be cancelled from another thread."""

    def __init__(self) -> None:
        self.cancelled = False

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        pass

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()


class ConsoleProgress(SilentProgress):
    """Progress for the command line: one overwritten line on stderr."""

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        of = f"/{total}" if total else ""
        sys.stderr.write(f"\r{label} {done}{of}   ")
        sys.stderr.flush()
