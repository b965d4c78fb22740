"""The one door for reporting invoices to NAV: `send_reports`, called by the GUI's background
timer, `sync --loop` and `bolthid nav send` alike.

A pass, per profile that has reports to handle: check the invoice counters against NAV once
(after a restore a number NAV knows is never issued again), resolve lost transactions, poll what
was sent, send what waits (up to 100 a request, a correction never before its original), and
poll again. NAV down or no network: reports wait, backing off to one try every 15 minutes;
wrong credentials: sending stops until the settings are saved again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.nav import NavProfile, NavReport
from app.nav.client import NavClient
from app.nav.errors import NavCredentialError, NavError
from app.nav.records import NavUser
from app.services import nav_outbox, nav_settings
from app.sync import nav_lease, nav_recovery, nav_submit
from app.sync.lease import holder_id
from app.sync.nav_counters import check_counters, counters_checked
from app.sync.nav_progress import NavSendReport, backoff
from app.sync.nav_taxpayers import check_open_orders
from app.timeutil import to_local, utcnow

ClientFactory = Callable[[NavUser, str, Callable[[], datetime]], NavClient]


def default_client(user: NavUser, base_url: str, clock: Callable[[], datetime]) -> NavClient:
    return NavClient(user, nav_settings.SOFTWARE, base_url, clock=clock)


def send_reports(
    db: Database,
    creds: CredentialStore,
    *,
    clock: Callable[[], datetime] = utcnow,
    client_factory: ClientFactory = default_client,
    until_answered: bool = False,
    max_wait: float = 120.0,
    sleep: Callable[[float], None] = time.sleep,
) -> NavSendReport:
    """One pass (or, with ``until_answered``, passes until what was sent is answered)."""
    if not _has_work(db):
        return NavSendReport()
    holder = holder_id()
    busy = nav_lease.take(db, holder, clock)
    if busy is not None:
        return NavSendReport(busy=busy)
    report = NavSendReport()
    try:
        _pass(db, creds, clock, client_factory, report)
        waited = 0.0
        while until_answered and waited < max_wait:
            delay = _next_poll_in(db, clock)
            if delay is None:
                break
            sleep(delay)
            waited += delay
            nav_lease.take(db, holder, clock)  # renew
            _pass(db, creds, clock, client_factory, report)
    finally:
        nav_lease.release(db, holder)
    with db.reading() as session:
        report.open_left = (
            session.scalar(
                select(func.count()).where(
                    NavReport.is_test.is_(False), NavReport.state.in_(nav_outbox.OPEN_STATES)
                )
            )
            or 0
        )
    return report


def _has_work(db: Database) -> bool:
    """Open reports, or counters this process has not checked yet: cheap, no lease taken."""
    with db.reading() as session:
        if session.scalar(select(func.count()).where(NavReport.state.in_(nav_outbox.OPEN_STATES))):
            return True
        names = session.scalars(select(NavProfile.name)).all()
    return any(not counters_checked(db, name) for name in names)


def _next_poll_in(db: Database, clock: Callable[[], datetime]) -> float | None:
    """Seconds until the next status question is due (None when nothing waits for an answer)."""
    with db.reading() as session:
        soonest = session.scalar(
            select(func.min(NavReport.next_poll_at)).where(NavReport.state == nav_outbox.SENT)
        )
    if soonest is None:  # (a lost answer is looked up after 5 minutes by a later pass, not waited for)
        return None
    return min(max((soonest - clock()).total_seconds(), 0.2), 5.0)


@dataclass
class Routes:
    live: str | None  # the profile live invoices go to (production only)
    test: str | None  # TESZT-series invoices: the built-in service or NAV's test environment
    live_reason: str = ""
    test_reason: str = ""


def routes(profiles: dict[str, NavProfile]) -> Routes:
    main = profiles.get(nav_settings.MAIN)
    sandbox = profiles.get(nav_settings.SANDBOX)
    live = main.name if main is not None and main.environment == nav_settings.PRODUCTION else None
    test = (
        sandbox.name
        if sandbox is not None
        else main.name
        if main is not None and main.environment != nav_settings.PRODUCTION
        else None
    )
    live_reason = ""
    if main is None:
        live_reason = "Nincs NAV beállítás: a számlák beküldésre várnak (Törzsadatok › NAV Online Számla)."
    elif live is None:
        live_reason = (
            "Éles számlák várnak: a NAV beállítás a tesztkörnyezetre mutat, éles számla csak az éles "
            "NAV-hoz mehet (Törzsadatok › NAV Online Számla)."
        )
    test_reason = (
        ""
        if test
        else "Teszt számla: csak a beépített tesztszolgáltatásba vagy a NAV tesztkörnyezetébe küldhető."
    )
    return Routes(live, test, live_reason, test_reason)


def _pass(
    db: Database,
    creds: CredentialStore,
    clock: Callable[[], datetime],
    client_factory: ClientFactory,
    report: NavSendReport,
) -> None:
    with db.reading() as session:
        profiles = {p.name: p for p in session.scalars(select(NavProfile))}
        for p in profiles.values():
            session.expunge(p)
    route = routes(profiles)
    _mark_held(db, route, report)
    secrets = creds.for_database(db.identity())
    for name in dict.fromkeys(n for n in (route.live, route.test) if n):
        row = profiles[name]
        if row.stopped_reason:
            report.held.append(f"A NAV-küldés szünetel: {row.stopped_reason}")
            continue
        user = nav_settings.nav_user(secrets, row)
        if user is None:
            report.held.append(
                "A NAV jelszó vagy kulcs hiányzik a jelszótárolóból: adja meg újra a beállításokban."
            )
            continue
        if row.retry_at is not None and clock() < row.retry_at:
            report.held.append(
                f"A NAV nem volt elérhető; a program {to_local(row.retry_at):%H:%M}-kor próbálja újra."
            )
            continue
        client = client_factory(user, row.base_url, clock)
        serves_live, serves_test = name == route.live, name == route.test
        try:
            check_counters(db, client, name, serves_live=serves_live, clock=clock)
            nav_recovery.recover(db, client, name, clock, report)
            nav_submit.poll(db, client, name, clock, report)
            nav_submit.send_waiting(db, client, name, clock, report, live=serves_live, test=serves_test)
            nav_submit.poll(db, client, name, clock, report)
            if serves_live:
                check_open_orders(db, client, clock)
        except NavCredentialError as exc:
            _stop(db, name, exc.user_message, clock)
            report.errors.append(f"A NAV-küldés leállt: {exc.user_message}")
        except NavError as exc:
            report.errors.append(exc.user_message)
            _unreachable(db, name, clock)
        else:
            nav_settings.adopt_secrets(secrets, name)
            if row.failures:
                _reachable(db, name)


def _unreachable(db: Database, name: str, clock: Callable[[], datetime]) -> None:
    with db.transaction() as session:
        row = session.get(NavProfile, name)
        if row is not None:
            row.failures += 1
            row.retry_at = clock() + backoff(row.failures)


def _reachable(db: Database, name: str) -> None:
    with db.transaction() as session:
        row = session.get(NavProfile, name)
        if row is not None:
            row.failures = 0
            row.retry_at = None


def _mark_held(db: Database, route: Routes, report: NavSendReport) -> None:
    """Reports that cannot go anywhere say why (the NAV column's tooltip, `nav status`)."""
    with db.transaction() as session:
        for is_test, target, reason in (
            (False, route.live, route.live_reason),
            (True, route.test, route.test_reason),
        ):
            if target is not None:
                continue
            held = session.execute(
                update(NavReport)
                .where(NavReport.is_test.is_(is_test), NavReport.state == nav_outbox.WAITING)
                .values(last_error=reason)
                .execution_options(synchronize_session=False)
            )
            if held.rowcount and not is_test:  # type: ignore[attr-defined]
                report.held.append(reason)


def _stop(db: Database, name: str, reason: str, clock: Callable[[], datetime]) -> None:
    with db.transaction() as session:
        row = session.get(NavProfile, name)
        if row is not None:
            row.stopped_reason = reason
            row.stopped_at = clock()
