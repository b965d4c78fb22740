"""Test set-up: offscreen Qt, a private home folder, and every database test on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import SupportsIndex

# Qt aborts without a display unless a platform is chosen before anything imports it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests import postgres_server

REQUIRE_POSTGRES_ENV = "BOLTHID_REQUIRE_POSTGRES"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


# No test waits for a clock: a ban, a token or an hour passes by an injected clock instead.
MAX_TEST_SLEEP = 0.2  # seconds, per call, in the test's own thread
_real_sleep = time.sleep


def _guarded_sleep(seconds: float | SupportsIndex) -> None:
    if float(seconds) > MAX_TEST_SLEEP and threading.current_thread() is threading.main_thread():
        raise AssertionError(f"a test slept {seconds} s; move the clock instead (sandbox.advance, clock=…)")
    _real_sleep(seconds)


time.sleep = _guarded_sleep


@pytest.fixture(autouse=True)
def bolthid_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data/config folder; nothing touches the real user's files."""
    home = tmp_path / "home"
    monkeypatch.setenv("BOLTHID_HOME", str(home))
    monkeypatch.delenv("BOLTHID_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def start_postgres() -> postgres_server.PostgresServer:
    """A throw-away server, or the test skipped (failed when the run requires PostgreSQL)."""
    try:
        return postgres_server.start()
    except Exception as exc:
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"PostgreSQL is required for this run but could not start: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[postgres_server.PostgresServer | None]:
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'test.sqlite').as_posix()}"
    server = request.getfixturevalue("postgres")
    return server.create_database("t_" + uuid.uuid4().hex[:12])


@pytest.fixture
def db(db_url: str):
    """An opened, migrated and seeded database on each backend."""
    from app.bootstrap import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Remember which tests run on PostgreSQL so a skip of any of them can fail the run.
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("db_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)


_postgres_skips: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres" in report.keywords:
        _postgres_skips.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # The issue demands that a run with PostgreSQL tests skipped is a failed run.
    if _postgres_skips and os.environ.get(REQUIRE_POSTGRES_ENV):
        print(f"\nFAILED: {len(_postgres_skips)} PostgreSQL tests were skipped, e.g. {_postgres_skips[0]}")
        session.exitstatus = 1


# Property tests run the same examples everywhere, so CI and a developer see the same result.
from hypothesis import settings  # noqa: E402

settings.register_profile("bolthid", derandomize=True, deadline=None, database=None)
settings.load_profile("bolthid")
