"""Kiegyenlítés on both databases: part, then full payment; overdue; what may not be recorded."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app import cli
from app.db.catalog import PaymentMethod
from app.db.database import Database
from app.db.payments import Payment, PaymentWay
from app.errors import ValidationError
from app.services import payments
from app.services.invoice_corrections import LineChange, modify_invoice, storno_invoice
from app.timeutil import CLOCK_OFFSET_ENV, budapest_today
from tests.services.test_invoicing import TODAY, issue, make_order, set_company


def _invoice(db: Database, gross: str = "12700", due_days: int = 8) -> tuple[int, str, date]:
    with db.transaction() as s:
        set_company(s)
        transfer = s.scalar(select(PaymentMethod).where(PaymentMethod.is_cash.is_(False)))
        assert transfer is not None
        transfer.due_days = due_days
        invoice = issue(s, make_order(s, [("FURO", "27%", "1", gross)], payment_method_id=transfer.id))
        assert invoice.due_date is not None
        return invoice.id, invoice.number, invoice.due_date


def test_a_partly_paid_invoice_then_paid_in_full(db: Database) -> None:
    invoice_id, _number, due = _invoice(db)
    with db.transaction() as s:
        assert payments.payment_state(s, invoice_id, today=TODAY).status == payments.OPEN
        payments.record_payment(s, invoice_id, D(5000), PaymentWay.TRANSFER, TODAY, "előleg", today=TODAY)
        state = payments.payment_state(s, invoice_id, today=TODAY)
        assert (state.to_pay, state.paid, state.open, state.status) == (
            D(12700),
            D(5000),
            D(7700),
            payments.PARTLY,
        )
        payments.record_payment(s, invoice_id, D(7700), PaymentWay.CASH, TODAY, today=TODAY)
        state = payments.payment_state(s, invoice_id, today=due + timedelta(days=30))
        assert (state.open, state.status, state.overdue) == (D(0), payments.PAID, False)
        assert [p.amount for p in payments.payments_of(s, invoice_id)] == [D(5000), D(7700)]
        with pytest.raises(ValidationError, match="már ki van egyenlítve"):
            payments.record_payment(s, invoice_id, D(1), PaymentWay.CASH, TODAY, today=TODAY)


def test_an_overdue_invoice_is_counted_and_listed(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice_id, number, due = _invoice(db, due_days=8)
    with db.reading() as s:
        assert payments.overdue_count(s, today=due) == 0
        assert payments.overdue_count(s, today=due + timedelta(days=1)) == 1
        assert payments.payment_state(s, invoice_id, today=due + timedelta(days=1)).status == payments.OVERDUE
    # The command line, on the day after the due date (the program's clock moved, not waited for).
    days = (due + timedelta(days=1) - budapest_today()).days
    monkeypatch.setenv(CLOCK_OFFSET_ENV, str(days * 86400))
    assert cli.run(["--db", db.url, "payment", "list", "--overdue", "--json"]) == 0
    assert f'"{number}"' in capsys.readouterr().out
    monkeypatch.setenv(CLOCK_OFFSET_ENV, str((days - 2) * 86400))
    assert cli.run(["--db", db.url, "payment", "list", "--overdue", "--json"]) == 0
    assert number not in capsys.readouterr().out


def test_the_database_counts_the_overdue_invoices_as_their_states_do(db: Database) -> None:
    """overdue_count is one SQL query; each invoice below is a case where it could part from the
    states built in Python: corrections added, payments subtracted, exactly paid, not yet due."""
    with db.transaction() as s:
        set_company(s)
        transfer = s.scalar(select(PaymentMethod).where(PaymentMethod.is_cash.is_(False)))
        assert transfer is not None
        transfer.due_days = 8

        def invoice(code: str, quantity: str = "1"):
            order = make_order(s, [(code, "27%", quantity, "1000")], payment_method_id=transfer.id)
            return issue(s, order)

        unpaid, partly, paid = invoice("A1"), invoice("A2"), invoice("A3")
        payments.record_payment(s, partly.id, D(400), PaymentWay.TRANSFER, TODAY, today=TODAY)
        payments.record_payment(s, paid.id, D(1000), PaymentWay.TRANSFER, TODAY, today=TODAY)
        cancelled = invoice("A4")
        storno_invoice(s, cancelled.id)
        # 2 × 1000 Ft, one returned: 1000 Ft to pay, and 1000 Ft paid – settled only with the correction.
        returned = invoice("A5", "2")
        modify_invoice(s, returned.id, [LineChange(1, returned=D(1))], today=TODAY)
        payments.record_payment(s, returned.id, D(1000), PaymentWay.CASH, TODAY, today=TODAY)
        # 2 × 1000 Ft, one returned, 500 Ft paid: still 500 Ft open.
        short = invoice("A6", "2")
        modify_invoice(s, short.id, [LineChange(1, returned=D(1))], today=TODAY)
        payments.record_payment(s, short.id, D(500), PaymentWay.CASH, TODAY, today=TODAY)
        due = unpaid.due_date
        assert due is not None
    with db.reading() as s:
        after = due + timedelta(days=1)
        states = payments.payment_states(s, today=after)
        overdue = {state.invoice_id for state in states.values() if state.overdue}
        assert overdue == {unpaid.id, partly.id, short.id}
        assert payments.overdue_count(s, today=after) == 3
        assert payments.overdue_count(s, today=due) == 0, "due today is not yet overdue"
        # A few invoices by id read them through the index: the same states as all of them.
        assert payments.payment_states(s, [returned.id, short.id], today=after) == {
            key: states[key] for key in (returned.id, short.id)
        }


@pytest.mark.parametrize(
    ("amount", "paid_on", "message"),
    [
        (D(20000), None, "több, mint a"),
        (D(-100), None, "nem lehet negatív"),
        (D(0), None, "nem lehet nulla"),
        (D("NaN"), None, "nem szám"),
        (D("100.5"), None, "legkisebb egysége"),
        (D(100), TODAY + timedelta(days=1), "nem lehet későbbi"),
    ],
    ids=["above the open amount", "negative", "zero", "NaN", "fillér on a forint invoice", "in the future"],
)
def test_what_may_not_be_recorded_is_refused_and_nothing_is_written(
    db: Database, amount: D, paid_on: date | None, message: str
) -> None:
    invoice_id, _number, _due = _invoice(db)
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        payments.record_payment(s, invoice_id, amount, PaymentWay.CARD, paid_on, today=TODAY)
    with db.reading() as s:
        assert s.scalar(select(func.count(Payment.id))) == 0


def test_a_storno_leaves_nothing_to_pay_and_takes_no_payment(db: Database) -> None:
    invoice_id, _number, _due = _invoice(db)
    with db.transaction() as s:
        storno = storno_invoice(s, invoice_id)
        assert payments.payment_states(s, today=TODAY) == {}
        with pytest.raises(ValidationError, match="csak kiállított számlához"):
            payments.record_payment(s, storno.id, D(100), PaymentWay.CASH, TODAY, today=TODAY)


def test_the_command_line_records_a_payment(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    _invoice_id, number, _due = _invoice(db)
    assert cli.run(["--db", db.url, "payment", "add", number, "--amount", "2 700", "--way", "kartya"]) == 0
    assert "részben fizetve, még nyitott: 10 000 Ft" in capsys.readouterr().out.replace("\u00a0", " ")
    assert cli.run(["--db", db.url, "payment", "add", number, "--amount", "99 999"]) == 1
    assert "több, mint" in capsys.readouterr().err
    assert cli.run(["--db", db.url, "payment", "list", "--open", "--json"]) == 0
    assert f'"{number}"' in capsys.readouterr().out
