"""`bolthid nav send` killed (SIGKILL) after its request reached NAV and before the answer, 25 times
on each database: every invoice is still reported exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.nav import NavReport
from app.navsandbox.server import NavTestService
from tests.nav.conftest import Clocks, set_up_nav
from tests.services.test_invoicing import issue, make_order, set_company

ROUNDS = int(os.environ.get("BOLTHID_KILL_ROUNDS", "25"))
# Past the 10-minute sender lease of the killed process and NAV's 5-minute lost-answer wait.
STEP = 11 * 60


def _sender(db: Database, offset: float) -> subprocess.Popen[str]:
    env = {**os.environ, "BOLTHID_KEYRING": "file", "BOLTHID_CLOCK_OFFSET_SECONDS": str(offset)}
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--db", db.url, "nav", "send", "--no-wait"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, what: str, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_killed_between_sending_and_the_answer(
    db: Database, nav_service: NavTestService, clocks: Clocks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOLTHID_KEYRING", "file")  # the subprocesses read the same secrets file
    creds = CredentialStore()
    set_up_nav(db, creds, nav_service)
    numbers = []
    with db.issuing() as s:
        set_company(s)
    for round_ in range(ROUNDS):
        with db.issuing() as s:
            numbers.append(issue(s, make_order(s, [(f"K{round_}", "27%", "1", str(1000 + round_))])).number)
        nav_service.inject("delay", seconds=30, operation="manageInvoice")
        before = nav_service.held_total
        sender = _sender(db, clocks.offset.total_seconds())
        # The request is at NAV (its transaction taken) and the sender waits for the answer: kill it.
        _wait_for(lambda before=before: nav_service.held_total > before, "the request")
        sender.send_signal(signal.SIGKILL)
        sender.wait()
        with db.reading() as s:
            states = {r.invoice_number: r.state for r in s.scalars(select(NavReport))}
        assert states[numbers[-1]] == "sending", "claimed and committed before the request left"
        nav_service.faults.clear()
        clocks.advance(STEP)
    final = _sender(db, clocks.offset.total_seconds())
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, out + err
    # The last one is looked up once its 5 minutes passed; one more run polls what was found.
    clocks.advance(STEP)
    again = _sender(db, clocks.offset.total_seconds())
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, out + err
    with db.reading() as s:
        reports = {r.invoice_number: r for r in s.scalars(select(NavReport))}
    assert all(reports[n].state == "done" for n in numbers), {n: reports[n].state for n in numbers}
    accepted = [i["number"] for t in nav_service.received() for i in t["items"] if i["status"] == "DONE"]
    received = [i["number"] for t in nav_service.received() for i in t["items"]]
    assert sorted(accepted) == sorted(numbers), "each invoice accepted exactly once"
    assert sorted(received) == sorted(numbers), "and never sent a second time"
