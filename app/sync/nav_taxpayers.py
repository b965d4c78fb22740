"""Buyer tax numbers checked at NAV (queryTaxpayer), cached, flagged before invoicing.

Called for an invoice being prepared (preview, `invoice from-order`), and by the sender for
company orders that arrived since. Without NAV settings, or with NAV unreachable, nothing is
flagged: invoicing never waits for NAV.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.nav import NavProfile, NavTaxpayer
from app.nav.client import NavClient
from app.nav.errors import NavError
from app.services import nav_settings
from app.timeutil import utcnow
from app.values.tax_numbers import TaxNumberError, parse_hungarian

FRESH = timedelta(days=30)
PER_PASS = 20


def _base(tax_number: str) -> str | None:
    try:
        return parse_hungarian(tax_number).base if tax_number.strip() else None
    except TaxNumberError:
        return None  # a wrong check digit is caught without asking NAV


def _store(db: Database, client: NavClient, base: str) -> None:
    answer = client.taxpayer(base)
    with db.transaction() as session:
        row = session.get(NavTaxpayer, base) or NavTaxpayer(tax_number=base)
        row.valid = answer.valid
        row.name = answer.name[:512]
        row.address = answer.address[:300]
        row.checked_at = answer.checked_at or utcnow()
        session.merge(row)


def check_tax_number(
    db: Database,
    creds: CredentialStore,
    tax_number: str,
    *,
    clock: Callable[[], datetime] = utcnow,
    client_factory: Callable[..., NavClient] | None = None,
) -> bool | None:
    """True/False as NAV says (cached 30 days); None when it could not be asked."""
    base = _base(tax_number)
    if base is None:
        return None
    with db.reading() as session:
        cached = session.get(NavTaxpayer, base)
        if cached is not None and clock() - cached.checked_at < FRESH:
            return cached.valid
        main = session.get(NavProfile, nav_settings.MAIN)
        if main is None or main.stopped_reason:
            return None
        session.expunge(main)
    user = nav_settings.nav_user(creds.for_database(db.identity()), main)
    if user is None:
        return None
    from app.sync.nav_sender import default_client

    client = (client_factory or default_client)(user, main.base_url, clock)
    client.timeout = (5.0, 10.0)  # the user is waiting for a preview
    try:
        _store(db, client, base)
    except NavError:
        return None
    with db.reading() as session:
        row = session.get(NavTaxpayer, base)
        return row.valid if row is not None else None


def check_open_orders(db: Database, client: NavClient, clock: Callable[[], datetime]) -> None:
    """The tax numbers of open company orders not checked yet (a few per pass)."""
    with db.reading() as session:
        numbers = session.scalars(
            select(Document.customer_tax_number)
            .where(
                Document.kind == DocumentKind.CUSTOMER_ORDER,
                Document.status == DocumentStatus.OPEN,
                Document.customer_tax_number != "",
            )
            .distinct()
        ).all()
        known = {t.tax_number: t.checked_at for t in session.scalars(select(NavTaxpayer))}
    asked = 0
    for number in numbers:
        base = _base(number)
        if base is None or (base in known and clock() - known[base] < FRESH):
            continue
        try:
            _store(db, client, base)
        except NavError:
            return
        asked += 1
        if asked >= PER_PASS:
            return
