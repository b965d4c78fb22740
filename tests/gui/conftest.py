from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from app.db.database import Database
from app.gui.application import create_application
from app.gui.changes import ChangeBus
from app.gui.context import AppContext
from app.gui.tasks import TaskRunner


@pytest.fixture
def qapp_fonts(qapp):
    create_application()
    return qapp


@pytest.fixture
def ctx(db: Database, qapp_fonts, qtbot) -> Iterator[AppContext]:
    context = AppContext(db=db, tasks=TaskRunner(db), changes=ChangeBus())
    yield context
    qtbot.waitUntil(context.tasks.is_idle, timeout=10000)
    # Closed, not only waited for: a timer firing during teardown (the NAV sender's) must not
    # start a job that still uses the database when the fixture closes it – a segfault in SQLite.
    context.tasks.close()


class ShownMessages(list[str]):
    """The main text of every message box shown; ``details`` keeps each one's informative text."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[str] = []


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> ShownMessages:
    """Message boxes are recorded instead of blocking the test on a modal loop."""
    shown = ShownMessages()

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        shown.details.append(box.informativeText())
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


def logged_runs(db: Database) -> list[tuple[str, str, str]]:
    """(kind, trigger, status) of every run in the Szinkronizációs napló, oldest first."""
    from sqlalchemy import select

    from app.db.sync_log import SyncRun

    with db.reading() as s:
        rows = s.execute(select(SyncRun.kind, SyncRun.trigger, SyncRun.status).order_by(SyncRun.id))
        return [(k, t, st) for k, t, st in rows]
