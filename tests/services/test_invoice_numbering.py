"""Two processes issuing 100 invoices each at the same moment: 200 distinct, consecutive numbers."""

from __future__ import annotations

import multiprocessing
import os
from decimal import Decimal as D

from sqlalchemy import select

from app.bootstrap import open_database
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.services import documents as docs
from app.services import invoicing
from app.services.customers import CustomerInput, create_customer
from tests.services.helpers import make_product, receipt
from tests.services.test_invoicing import set_company

PER_PROCESS = 100


def _issue(url: str, product_id: int, customer_id: int, barrier) -> None:
    db = open_database(url)
    barrier.wait(30)
    for _ in range(PER_PROCESS):
        with db.issuing() as s:
            data = docs.DocumentInput(lines=[docs.LineInput(D(1), product_id)], customer_id=customer_id)
            invoicing.issue_invoice(s, data)
    db.dispose()
    os._exit(0)


def test_two_processes_give_200_consecutive_numbers(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        product = make_product(s, "SZAMOZ")
        receipt(s, product.id, "1000")
        product_id = product.id
        customer_id = create_customer(
            s,
            CustomerInput(
                name="Pult Vevő",
                billing_postal_code="1011",
                billing_city="Budapest",
                billing_street="Fő u. 2.",
            ),
        ).id
    db.engine.dispose()
    ctx = multiprocessing.get_context("spawn")  # as on Windows: runs wherever the program runs
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_issue, args=(db.url, product_id, customer_id, barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
        assert p.exitcode == 0
    with db.reading() as s:
        numbers = list(s.scalars(select(Document.number).where(Document.kind == DocumentKind.INVOICE)))
    assert len(numbers) == len(set(numbers)) == 2 * PER_PROCESS
    counters = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert counters == list(range(1, 2 * PER_PROCESS + 1))
