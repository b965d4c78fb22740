"""The orders and invoices lists' first screenful (shown while the rest loads) is exactly the head
of the whole list: same order, same figures (reservations, shop order numbers, NAV and payment
states), read for those documents alone."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from app.db.database import Database
from app.db.nav import NavReport
from app.db.payments import PaymentWay
from app.services import payments
from app.services.invoice_corrections import storno_invoice
from app.services.listing import LISTS
from tests.services.test_invoicing import TODAY, issue, make_order, set_company


def _documents(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        orders = [make_order(s, [(f"ELSO-{n}", "27%", str(n + 1), "1270")]) for n in range(5)]
        first = issue(s, orders[0])
        second = issue(s, orders[1])
        storno_invoice(s, first.id, today=TODAY)
        payments.record_payment(s, second.id, D(500), PaymentWay.CASH, today=TODAY)
        # NAV's answers as the outbox records them: accepted with a warning, and rejected.
        reports = {r.document_id: r for r in s.scalars(select(NavReport))}
        reports[second.id].state, reports[second.id].messages = "done", '[{"result": "WARN", "code": "W1"}]'
        reports[first.id].state = "aborted"


def test_the_first_screenful_is_the_head_of_the_whole_list(db: Database) -> None:
    _documents(db)
    with db.reading() as s:
        nav = LISTS["invoices"].rows(s)
        column = 1 + [c.key for c in LISTS["invoices"].columns].index("nav")
        assert sorted(row[column] for row in nav) == [
            "Befogadva figyelmeztetéssel",
            "Beküldésre vár",
            "Elutasítva",
        ], "the storno waits; the second invoice was accepted with a warning, the first rejected"
    for name in ("orders", "invoices"):
        spec = LISTS[name]
        assert spec.first_rows is not None, name
        with db.reading() as s:
            whole = spec.rows(s)
            for limit in (1, 2, 3):
                assert spec.first_rows(s, limit) == whole[:limit], (name, limit)
        assert len(whole) >= 3, name


def test_the_sync_logs_first_screenful_is_the_head_of_the_whole_log(db: Database) -> None:
    """Runs and events interleave by time; runs started in the same instant and events written
    in the same clock tick (Windows' clock is coarse) keep one order in both reads."""
    from datetime import timedelta

    from app.db.shops import Shop
    from app.sync.sync_log import Event, record_run
    from app.timeutil import utcnow

    with db.transaction() as s:
        shop = Shop(name="Napló bolt")
        s.add(shop)
        s.flush()
        shop_id = shop.id
    start = utcnow() - timedelta(hours=1)
    for n in range(6):
        started = start + timedelta(minutes=n // 2)  # two runs share each start time
        events = [Event("order", "error", f"R-{n}-{k}", f"hiba {k}") for k in range(n % 3)]
        record_run(db, shop_id, "orders", "cli", started, status="ok", summary=f"futás {n}", events=events)
    spec = LISTS["sync_log"]
    assert spec.first_rows is not None
    with db.reading() as s:
        whole = spec.rows(s)
        assert len(whole) == 12  # 6 runs, 6 events
        for limit in range(1, len(whole) + 2):
            assert spec.first_rows(s, limit) == whole[:limit], limit
