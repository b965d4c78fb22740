"""Lost answers (specification 1.9.2): a report sent but never answered is found, not resent.

Wait 5 minutes from the request (NAV may still commit it); then list the taxpayer's
transactions since just before the request, ask each one we do not know for its original
content, and match our invoice numbers. Found: its transaction id is ours and polling goes on.
Not found: NAV refused it, so it is sent again – after one more queryInvoiceCheck.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from lxml import etree
from sqlalchemy import select

from app.db.database import Database
from app.db.nav import NavReport
from app.nav.client import NavClient
from app.nav.records import ItemResult
from app.services import nav_outbox
from app.sync.nav_progress import NavSendReport
from app.sync.nav_submit import record_results

WAIT = timedelta(minutes=5)
MARGIN = timedelta(minutes=1)
_DATA = "{http://schemas.nav.gov.hu/OSA/3.0/data}invoiceNumber"
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _number(result: ItemResult) -> str:
    if not result.original_request:
        return ""
    try:
        return (etree.fromstring(result.original_request, _PARSER).findtext(_DATA) or "").strip()
    except etree.XMLSyntaxError:
        return ""


def recover(
    db: Database, client: NavClient, profile: str, clock: Callable[[], datetime], report: NavSendReport
) -> None:
    now = clock()
    with db.reading() as session:
        lost = session.scalars(
            select(NavReport).where(NavReport.state == nav_outbox.SENDING, NavReport.profile == profile)
        ).all()
        due = {
            r.invoice_number: (r.id, r.request_at)
            for r in lost
            if r.request_at and now - r.request_at >= WAIT
        }
        if not due:
            return
        ours = set(session.scalars(select(NavReport.transaction_id).where(NavReport.transaction_id != "")))
    since = min(at for _, at in due.values() if at is not None) - MARGIN
    found: dict[str, tuple[str, ItemResult]] = {}
    for tx in client.transactions(since, now):
        if tx.transaction_id in ours or tx.annulment:
            continue
        for result in client.transaction_status(tx.transaction_id, original=True):
            number = _number(result)
            if number in due:
                found[number] = (tx.transaction_id, result)
    with db.transaction() as session:
        for number, (report_id, _at) in due.items():
            row = session.get(NavReport, report_id)
            if row is None or row.state != nav_outbox.SENDING:
                continue
            if number in found:
                transaction_id, result = found[number]
                row.state = nav_outbox.SENT
                row.transaction_id = transaction_id
                row.item_index = result.index
                row.next_poll_at = now
                row.note = "Elveszett válasz: a beküldés megérkezett a NAV-hoz, tranzakciója megtalálva."
                report.recovered += 1
            else:
                row.state = nav_outbox.WAITING
                row.check_first = True
                row.request_id = ""
                row.request_at = None
                row.item_index = None
                row.note = "Elveszett válasz: a NAV-nál nem található, ezért újra beküldjük."
                report.resent_after_loss += 1
    for transaction_id, result in {(t, r.index): (t, r) for t, r in found.values()}.values():
        record_results(db, transaction_id, [result], clock, report)
