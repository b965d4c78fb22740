"""Kiegyenlítés: recording what was paid against an invoice, and what is still open or overdue.

An invoice's amount to pay is its payable total plus its corrections' (a storno cancels it, a
modifying invoice adds or takes away); payments are their own rows, so the issued invoice stays
exactly as it was issued.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.payments import Payment, PaymentWay
from app.errors import NotFoundError, ValidationError
from app.formatting import format_money
from app.money import HUF, minor_unit
from app.timeutil import budapest_today
from app.values.checks import number_problem, text_problem

WAY_LABELS = {
    PaymentWay.CASH: "készpénz",
    PaymentWay.TRANSFER: "átutalás",
    PaymentWay.CARD: "bankkártya",
    PaymentWay.ONLINE: "online (webáruház)",
}
PAID, PARTLY, OPEN, OVERDUE, NOTHING_TO_PAY = (
    "fizetve",
    "részben fizetve",
    "nyitott",
    "lejárt",
    "nincs fizetendő",
)


@dataclass(frozen=True)
class PaymentState:
    invoice_id: int
    number: str
    currency: str
    due_date: date | None
    to_pay: Decimal  # the payable total with the corrections
    paid: Decimal
    open: Decimal
    overdue: bool

    @property
    def status(self) -> str:
        if self.to_pay <= 0:
            return NOTHING_TO_PAY
        if self.open <= 0:
            return PAID
        if self.overdue:
            return OVERDUE
        return PARTLY if self.paid > 0 else OPEN


# The issued invoices payments are recorded against: neither a storno nor a modifying invoice.
_ORIGINAL_INVOICES = (
    Document.kind == DocumentKind.INVOICE,
    Document.status == DocumentStatus.ISSUED,
    Document.storno_of_id.is_(None),
    Document.modifies_id.is_(None),
)
_PAYABLE = Document.gross_total + Document.rounding
_DUE = func.coalesce(Document.due_date, Document.issue_date)
# The corrections' link to their original. A query over all invoices still reads every
# document, so each runs once, never once per chunk of invoices (200 chunks at 100,000 invoices
# made the start page's count take 9 s); a few invoices' corrections are found by the two columns'
# indexes.
_ORIGINAL = func.coalesce(Document.storno_of_id, Document.modifies_id)
_BY_ID_AT_MOST = 500  # invoices read by their ids (SQLite's bound-parameter limit); more: all at once


def _originals(session: Session, ids: Iterable[int] | None = None) -> list[Row[int, str, str, Decimal, date]]:
    """The issued original invoices' figures – only the columns a state needs (an invoice row
    also holds its PDF and snapshot, which the lists and the start page must not load)."""
    stmt = select(Document.id, Document.number, Document.currency, _PAYABLE, _DUE).where(*_ORIGINAL_INVOICES)
    if ids is not None:
        stmt = stmt.where(Document.id.in_(list(ids)))
    return list(session.execute(stmt))


def money_text(value: Decimal, currency: str) -> str:
    return f"{format_money(value, currency)} {'Ft' if currency == HUF else currency}"


def _corrections_query(ids: list[int] | None) -> Select[int, Decimal]:
    """What the storno and modifying invoices add to each original (one scan of the documents)."""
    stmt = (
        select(_ORIGINAL.label("original_id"), func.sum(_PAYABLE).label("total"))
        .where(Document.kind == DocumentKind.INVOICE, _ORIGINAL.is_not(None))
        .group_by(_ORIGINAL)
    )
    if ids is not None and len(ids) <= _BY_ID_AT_MOST:
        # Found by the two columns' indexes first: with the kind in the same WHERE, SQLite (which
        # keeps no statistics) would walk every invoice by the kind's index instead.
        linked = aliased(Document)
        found = select(linked.id).where(or_(linked.storno_of_id.in_(ids), linked.modifies_id.in_(ids)))
        stmt = stmt.where(Document.id.in_(found), _ORIGINAL.in_(ids))
    return stmt


def _paid_query(ids: list[int] | None) -> Select[int, Decimal]:
    """What was paid against each invoice: by the index for a few, all grouped at once for many."""
    stmt = select(Payment.document_id, func.sum(Payment.amount).label("total")).group_by(Payment.document_id)
    if ids is not None and len(ids) <= _BY_ID_AT_MOST:
        stmt = stmt.where(Payment.document_id.in_(ids))
    return stmt


def _sums(session: Session, stmt: Select[int, Decimal]) -> dict[int, Decimal]:
    return {int(key): Decimal(total or 0) for key, total in session.execute(stmt)}


def payment_states(
    session: Session, invoice_ids: Iterable[int] | None = None, today: date | None = None
) -> dict[int, PaymentState]:
    """Every original invoice's state (or those of ``invoice_ids``), in three queries."""
    today = today or budapest_today()
    invoices = _originals(session, invoice_ids)
    if not invoices:
        return {}
    ids = None if invoice_ids is None else [row[0] for row in invoices]
    corrections = _sums(session, _corrections_query(ids))
    paid = _sums(session, _paid_query(ids))
    states = {}
    for invoice_id, number, currency, payable, due in invoices:
        to_pay = payable + corrections.get(invoice_id, Decimal(0))
        got = paid.get(invoice_id, Decimal(0))
        left = max(to_pay - got, Decimal(0))
        states[invoice_id] = PaymentState(
            invoice_id, number, currency, due, to_pay, got, left, bool(left > 0 and due < today)
        )
    return states


def payment_state(session: Session, invoice_id: int, today: date | None = None) -> PaymentState:
    state = payment_states(session, [invoice_id], today).get(invoice_id)
    if state is None:
        raise ValidationError(
            "Kiegyenlítés csak kiállított számlához rögzíthető (sztornó vagy helyesbítő számlához nem: "
            "azt az eredeti számlánál kell)."
        )
    return state


def find_invoice(session: Session, number: str) -> Document:
    invoice = session.scalar(select(Document).where(Document.number == number.strip()))
    if invoice is None or invoice.kind != DocumentKind.INVOICE:
        raise NotFoundError(f"Nincs ilyen számla: {number}")
    return invoice


def record_payment(
    session: Session,
    invoice_id: int,
    amount: Decimal,
    way: PaymentWay,
    paid_on: date | None = None,
    note: str = "",
    *,
    source: str = "user",
    today: date | None = None,
) -> Payment:
    """One payment, at most the open amount; a paid invoice takes no more."""
    today = today or budapest_today()
    paid_on = paid_on or today
    state = payment_state(session, invoice_id, today)
    money = lambda value: money_text(value, state.currency)  # noqa: E731
    problem = number_problem(amount, "befizetett összeg", decimals=2, zero=False)
    if problem:
        raise ValidationError(f"A(z) {state.number} számla kiegyenlítése: {problem}.")
    if amount % minor_unit(state.currency):
        raise ValidationError(
            f"A(z) {state.number} számla pénzneme {state.currency}: az összeg legkisebb egysége "
            f"{minor_unit(state.currency)} (itt {amount})."
        )
    if state.open <= 0:
        raise ValidationError(f"A(z) {state.number} számla már ki van egyenlítve ({money(state.paid)}).")
    if amount > state.open:
        raise ValidationError(
            f"A befizetés ({money(amount)}) több, mint a(z) {state.number} számla nyitott összege "
            f"({money(state.open)}). Túlfizetést a program nem rögzít."
        )
    if paid_on > today:
        raise ValidationError(f"A fizetés napja nem lehet későbbi a mai napnál ({paid_on.isoformat()}).")
    note_problem = text_problem(note, "megjegyzés", 2000, lines=True)
    if note_problem:
        raise ValidationError(f"A(z) {state.number} számla kiegyenlítése: {note_problem}.")
    payment = Payment(
        document_id=invoice_id, paid_on=paid_on, amount=amount, way=way, note=note.strip(), source=source
    )
    session.add(payment)
    session.flush()
    return payment


def payments_of(session: Session, invoice_id: int) -> list[Payment]:
    return list(
        session.scalars(
            select(Payment).where(Payment.document_id == invoice_id).order_by(Payment.paid_on, Payment.id)
        )
    )


def overdue_count(session: Session, today: date | None = None) -> int:
    """How many original invoices are past their due date with something still open – counted by
    the database (the start page asks on every refresh; Python building 100,000 states took 1 s).

    The same rule as ``PaymentState.overdue``: payable + corrections − paid > 0 and due < today.
    Money columns are exact on both databases (NUMERIC, or integers of fillér on SQLite, all of the
    same scale), so their sums and differences are too."""
    today = today or budapest_today()
    corrections = _corrections_query(None).subquery()
    paid = _paid_query(None).subquery()
    left = _PAYABLE + func.coalesce(corrections.c.total, 0) - func.coalesce(paid.c.total, 0)
    stmt = (
        select(func.count())
        .select_from(Document)
        .outerjoin(corrections, corrections.c.original_id == Document.id)
        .outerjoin(paid, paid.c.document_id == Document.id)
        .where(*_ORIGINAL_INVOICES, _DUE < today, left > 0)
    )
    return session.scalar(stmt) or 0


@dataclass(frozen=True)
class PaymentForm:
    """What the Kiegyenlítés dialog shows: the invoice's state and its payments so far."""

    state: PaymentState
    earlier: list[tuple[date, Decimal, str, str]]  # paid on, amount, way (Hungarian), note


def payment_form(session: Session, invoice_id: int, today: date | None = None) -> PaymentForm:
    state = payment_state(session, invoice_id, today)
    earlier = [(p.paid_on, p.amount, WAY_LABELS[p.way], p.note) for p in payments_of(session, invoice_id)]
    return PaymentForm(state, earlier)
