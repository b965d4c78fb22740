"""The client state that must outlive a process: token, call counts, bans, "key is wrong", back-off.

The client talks to a ``ClientStateStore``; the program keeps it in the database, so every process
and workstation sharing it sees the same budget and bans. ``MemoryStateStore`` serves tests and
the sandbox demo.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


@dataclass(frozen=True)
class TokenInfo:
    token: str
    expires_at: datetime
    subscription: str


class ClientStateStore(Protocol):
    def get_token(self) -> TokenInfo | None: ...
    def set_token(self, info: TokenInfo | None) -> None: ...

    def key_rejected(self) -> str | None: ...
    def set_key_rejected(self, message: str | None) -> None: ...

    def banned_until(self, scope: str) -> datetime | None: ...
    def set_ban(self, scope: str, until: datetime) -> None: ...

    def backoff(self) -> tuple[datetime, int] | None: ...
    def set_backoff(self, until: datetime | None, step: int = 0) -> None: ...

    def count_calls(self, bucket: str, since: datetime) -> int: ...
    def oldest_call(self, bucket: str, since: datetime) -> datetime | None: ...
    def record_call(self, bucket: str, at: datetime) -> None: ...

    def failures(self, endpoint: str) -> tuple[int, datetime | None]: ...
    def set_failures(self, endpoint: str, count: int, last: datetime | None) -> None: ...

    def failed_items(self, endpoint: str, keys: Collection[str]) -> dict[str, str]:
        """Fingerprints of the items among ``keys`` that failed before (key → fingerprint)."""
        ...

    def set_failed_items(self, endpoint: str, changes: Mapping[str, str | None]) -> None:
        """Record failures (key → fingerprint) and clear successes (key → None), in one go."""
        ...


class MemoryStateStore:
    """In-process store (tests, demo); the database store lives in app.sync.client_state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.token: TokenInfo | None = None
        self.rejected: str | None = None
        self.bans: dict[str, datetime] = {}
        self._backoff: tuple[datetime, int] | None = None
        self.calls: dict[str, list[datetime]] = {}
        self._failures: dict[str, tuple[int, datetime | None]] = {}
        self._failed_items: dict[tuple[str, str], str] = {}

    def get_token(self) -> TokenInfo | None:
        return self.token

    def set_token(self, info: TokenInfo | None) -> None:
        self.token = info

    def key_rejected(self) -> str | None:
        return self.rejected

    def set_key_rejected(self, message: str | None) -> None:
        self.rejected = message

    def banned_until(self, scope: str) -> datetime | None:
        return self.bans.get(scope)

    def set_ban(self, scope: str, until: datetime) -> None:
        self.bans[scope] = until

    def backoff(self) -> tuple[datetime, int] | None:
        return self._backoff

    def set_backoff(self, until: datetime | None, step: int = 0) -> None:
        self._backoff = None if until is None else (until, step)

    def count_calls(self, bucket: str, since: datetime) -> int:
        with self._lock:
            return sum(1 for t in self.calls.get(bucket, []) if t > since)

    def oldest_call(self, bucket: str, since: datetime) -> datetime | None:
        with self._lock:
            times = [t for t in self.calls.get(bucket, []) if t > since]
        return min(times) if times else None

    def record_call(self, bucket: str, at: datetime) -> None:
        with self._lock:
            kept = [t for t in self.calls.get(bucket, []) if t > at - timedelta(hours=1)]
            kept.append(at)
            self.calls[bucket] = kept

    def failures(self, endpoint: str) -> tuple[int, datetime | None]:
        return self._failures.get(endpoint, (0, None))

    def set_failures(self, endpoint: str, count: int, last: datetime | None) -> None:
        self._failures[endpoint] = (count, last)

    def failed_items(self, endpoint: str, keys: Collection[str]) -> dict[str, str]:
        return {k: self._failed_items[(endpoint, k)] for k in keys if (endpoint, k) in self._failed_items}

    def set_failed_items(self, endpoint: str, changes: Mapping[str, str | None]) -> None:
        for key, fingerprint in changes.items():
            if fingerprint is None:
                self._failed_items.pop((endpoint, key), None)
            else:
                self._failed_items[(endpoint, key)] = fingerprint
