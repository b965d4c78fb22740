"""The links between documents are looked up by their indexes, not by reading every document: an
invoice's stornos and modifications, the invoice made from an order, a few invoices' corrections
(each of these scanned 100,000 invoices in 13-23 ms before the indexes)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.db.database import Database
from app.services import invoice_corrections, invoicing, payments
from tests.db.query_plans import query_plan
from tests.services.test_invoicing import TODAY, issue, make_order, set_company


def _plans(db: Database, run: Callable[[Session], object]) -> list[str]:
    """The query plans of the statements ``run`` sends that read the documents."""
    sent: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "documents" in statement:
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.reading() as session:
            run(session)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    with db.engine.connect() as conn:
        return [query_plan(conn, statement, parameters) for statement, parameters in sent]


def _uses(plans: list[str], *indexes: str) -> bool:
    return any(all(index in plan for index in indexes) for plan in plans)


def test_the_links_between_documents_are_found_by_their_indexes(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("FURO", "27%", "1", "12700")])
        invoice = issue(s, order)
        invoice_corrections.storno_invoice(s, invoice.id, today=TODAY)
        order_id, invoice_id = order.id, invoice.id
        open_id = issue(s, make_order(s, [("KAD", "27%", "2", "12700")])).id  # no storno: it has a state

    chain = _plans(db, lambda s: invoice_corrections.load_chain(s, invoice_id))
    assert _uses(chain, "ix_documents_storno_of_id", "ix_documents_modifies_id"), chain
    made = _plans(db, lambda s: invoicing.invoice_of_order(s, order_id))
    assert _uses(made, "ix_documents_source_document_id"), made
    states = _plans(db, lambda s: payments.payment_states(s, [open_id], today=TODAY))
    if db.engine.dialect.name == "sqlite":
        # The statement is shaped for SQLite, which keeps no statistics and otherwise walked every
        # invoice by the kind's index; PostgreSQL chooses by its statistics, which a table of three
        # documents does not give (on a large one the index is far the cheaper path).
        assert _uses(states, "ix_documents_storno_of_id", "ix_documents_modifies_id"), states
