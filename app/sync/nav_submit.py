"""Sending waiting reports and asking for their results.

A batch is claimed (waiting → sending, with the request's id and time) and committed *before*
the request leaves: if the program dies now, or the answer never comes, the report is found in
"sending" and looked up at NAV (app.sync.nav_recovery) instead of being sent a second time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select, update

from app.db.database import Database
from app.db.nav import NavReport
from app.nav.client import NavClient
from app.nav.envelope import MAX_ITEMS
from app.nav.errors import NavCredentialError, NavError, NavNoAnswer, NavUnavailable, NavXmlError
from app.nav.records import ABORTED, CREATE, DONE, FINAL, ItemResult
from app.services import nav_outbox
from app.sync.nav_progress import NavSendReport, backoff, poll_gap

# A transaction NAV gave us but cannot find after this many questions is treated as lost.
MAX_EMPTY_POLLS = 30


class _Raced(Exception):
    """Another sender claimed one of the reports first: leave this batch to it."""


@dataclass(frozen=True)
class _Candidate:
    id: int
    document_id: int
    number: str
    operation: str
    original_id: int | None
    check_first: bool


def send_waiting(
    db: Database,
    client: NavClient,
    profile: str,
    clock: Callable[[], datetime],
    report: NavSendReport,
    *,
    live: bool,
    test: bool,
) -> None:
    while True:
        batch = _next_batch(db, client, clock, report, live=live, test=test)
        if not batch:
            return
        if not _submit(db, client, profile, clock, report, batch) or len(batch) < MAX_ITEMS:
            return


def _next_batch(
    db: Database,
    client: NavClient,
    clock: Callable[[], datetime],
    report: NavSendReport,
    *,
    live: bool,
    test: bool,
) -> list[_Candidate]:
    now = clock()
    kinds = [flag for flag, wanted in ((False, live), (True, test)) if wanted]
    with db.reading() as session:
        rows = session.scalars(
            select(NavReport)
            .where(
                NavReport.state == nav_outbox.WAITING,
                NavReport.is_test.in_(kinds),
                (NavReport.next_attempt_at.is_(None)) | (NavReport.next_attempt_at <= now),
            )
            .order_by(NavReport.id)
            .limit(MAX_ITEMS * 3)
        ).all()
        candidates = [
            _Candidate(r.id, r.document_id, r.invoice_number, r.operation, r.original_id, r.check_first)
            for r in rows
        ]
        originals = {c.original_id for c in candidates if c.original_id is not None}
        accepted = set(
            session.scalars(
                select(NavReport.document_id).where(
                    NavReport.document_id.in_(originals), NavReport.state == nav_outbox.DONE
                )
            )
        )
    batch: list[_Candidate] = []
    in_batch: set[int] = set()
    for c in candidates:
        if c.operation != CREATE and c.original_id not in accepted and c.original_id not in in_batch:
            _note(db, c.id, "Az eredeti számla befogadására vár (helyesbítés vagy sztornó nem előzheti meg).")
            continue
        if c.check_first:
            if client.invoice_known(c.number):
                _known(db, c.id, clock)
                report.known_already += 1
                accepted.add(c.document_id)
                continue
            with db.transaction() as session:
                row = session.get(NavReport, c.id)
                if row is not None:
                    row.check_first = False
        batch.append(c)
        in_batch.add(c.document_id)
        if len(batch) == MAX_ITEMS:
            break
    return batch


def _note(db: Database, report_id: int, text: str) -> None:
    with db.transaction() as session:
        row = session.get(NavReport, report_id)
        if row is not None and row.note != text:
            row.note = text


def _known(db: Database, report_id: int, clock: Callable[[], datetime]) -> None:
    with db.transaction() as session:
        row = session.get(NavReport, report_id)
        if row is not None:
            row.state = nav_outbox.DONE
            row.nav_status = DONE
            row.finished_at = clock()
            row.note = "A NAV már ismerte ezt a számlát (queryInvoiceCheck): nem küldtük újra."


def _submit(
    db: Database,
    client: NavClient,
    profile: str,
    clock: Callable[[], datetime],
    report: NavSendReport,
    batch: list[_Candidate],
) -> bool:
    """Send one batch; False when sending should stop for this pass."""
    ids = [c.id for c in batch]
    with db.transaction() as session:
        rows = [session.get(NavReport, i) for i in ids]
        items = [(row.operation, nav_outbox.xml_of(session, row)) for row in rows if row is not None]
    try:
        prepared = client.prepare_invoices(items)  # a fresh token; nothing is stored at NAV yet
    except NavCredentialError:
        raise
    except NavError as exc:
        _back_off(db, ids, exc.user_message, clock, count=True)
        if isinstance(exc, NavUnavailable):
            raise  # NAV itself is away: the whole profile waits
        report.errors.append(exc.user_message)
        return False
    now = clock()
    try:
        with db.transaction() as session:
            for index, report_id in enumerate(ids, start=1):
                claimed = session.execute(
                    update(NavReport)
                    .where(NavReport.id == report_id, NavReport.state == nav_outbox.WAITING)
                    .values(
                        state=nav_outbox.SENDING,
                        request_id=prepared.request_id,
                        request_at=prepared.moment,
                        item_index=index,
                        profile=profile,
                        sent_at=now,
                        attempts=NavReport.attempts + 1,
                        last_error="",
                    )
                    .execution_options(synchronize_session=False)
                )
                if claimed.rowcount != 1:  # type: ignore[attr-defined]
                    raise _Raced
    except _Raced:
        return False
    try:
        sent = client.submit(prepared)
    except (NavNoAnswer, NavXmlError) as exc:
        # It may have arrived: the reports stay "sending" until NAV is asked (after 5 minutes).
        _set(db, ids, last_error=exc.user_message)
        report.errors.append(exc.user_message)
        return False
    except NavCredentialError:
        _back_off(db, ids, "", clock, state=nav_outbox.WAITING)
        raise
    except NavError as exc:  # refused synchronously: nothing was stored at NAV
        _back_off(db, ids, exc.user_message, clock, state=nav_outbox.WAITING)
        if isinstance(exc, NavUnavailable):
            raise
        report.errors.append(exc.user_message)
        return False
    _set(db, ids, state=nav_outbox.SENT, transaction_id=sent.transaction_id, next_poll_at=clock(), polls=0)
    report.sent += len(ids)
    return True


def _set(db: Database, ids: list[int], **values: object) -> None:
    with db.transaction() as session:
        session.execute(
            update(NavReport)
            .where(NavReport.id.in_(ids))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def _back_off(
    db: Database,
    ids: list[int],
    message: str,
    clock: Callable[[], datetime],
    state: str | None = None,
    *,
    count: bool = False,
) -> None:
    now = clock()
    with db.transaction() as session:
        for row in session.scalars(select(NavReport).where(NavReport.id.in_(ids))):
            if count:
                row.attempts += 1
            if state is not None:
                row.state = state
                row.request_id = ""
                row.request_at = None
                row.item_index = None
            row.next_attempt_at = now + backoff(row.attempts or 1)
            if message:
                row.last_error = message


def poll(
    db: Database, client: NavClient, profile: str, clock: Callable[[], datetime], report: NavSendReport
) -> None:
    now = clock()
    with db.reading() as session:
        due = list(
            dict.fromkeys(
                session.scalars(
                    select(NavReport.transaction_id)
                    .where(
                        NavReport.profile == profile,
                        NavReport.state == nav_outbox.SENT,
                        (NavReport.next_poll_at.is_(None)) | (NavReport.next_poll_at <= now),
                    )
                    .order_by(NavReport.id)
                )
            )
        )
    for transaction_id in due:
        try:
            results = client.transaction_status(transaction_id)
        except NavCredentialError:
            raise
        except NavError as exc:
            with db.transaction() as session:
                for row in session.scalars(
                    select(NavReport).where(NavReport.transaction_id == transaction_id)
                ):
                    row.polls += 1
                    row.next_poll_at = clock() + poll_gap(row.polls + 4)
                    row.last_error = exc.user_message
            report.errors.append(exc.user_message)
            continue
        record_results(db, transaction_id, results, clock, report)


def record_results(
    db: Database,
    transaction_id: str,
    results: list[ItemResult],
    clock: Callable[[], datetime],
    report: NavSendReport,
) -> None:
    by_index = {r.index: r for r in results}
    now = clock()
    with db.transaction() as session:
        rows = session.scalars(
            select(NavReport).where(
                NavReport.transaction_id == transaction_id, NavReport.state == nav_outbox.SENT
            )
        ).all()
        for row in rows:
            result = by_index.get(row.item_index or 0)
            row.polls += 1
            if result is None:
                if row.polls > MAX_EMPTY_POLLS:  # NAV does not know it: look again, then resend
                    row.state = nav_outbox.WAITING
                    row.check_first = True
                    row.transaction_id = ""
                    row.note = (
                        "A NAV nem találta a tranzakciót; a program újra megnézi, majd ha kell, újraküldi."
                    )
                else:
                    row.next_poll_at = now + poll_gap(row.polls)
                continue
            row.nav_status = result.status
            row.last_error = ""
            if result.status in FINAL:
                row.messages = json.dumps([asdict(m) for m in result.messages], ensure_ascii=False)
                row.state = nav_outbox.DONE if result.status == DONE else nav_outbox.ABORTED
                row.finished_at = now
                row.next_poll_at = None
                if result.status == ABORTED:
                    report.aborted += 1
                else:
                    report.done += 1
                    report.warned += 1 if result.warnings else 0
            else:
                row.next_poll_at = now + poll_gap(row.polls)
