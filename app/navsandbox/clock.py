"""The service's clock: real time plus an offset that tests move (`/_admin/advance`).

Token expiry, transaction processing and the "lost transaction" windows read it, so a test lets
five minutes pass without waiting, even when the service runs in another process.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class ServiceClock:
    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return time.time() + self.offset

    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.now(), UTC)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.offset += seconds
