"""The sandbox's own clock: real time plus an offset that tests move (`/_admin/advance`).

Bans, token expiry, hourly limits and order times all read this clock, so a test lets an hour
pass in an instant instead of sleeping, even when the sandbox runs in another process.
"""

from __future__ import annotations

import threading
import time


class ShopClock:
    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Unix time as the shop sees it."""
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds: float) -> float:
        with self._lock:
            self._offset += seconds
            return self._offset
