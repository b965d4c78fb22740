"""Card and online payments from the shop: an order paid by card in the shop gets its invoice marked
paid as it is issued (Kiegyenlítés, source "shop"); a part payment records what the shop took; a
transfer the shop calls paid is left to the user – on both databases, through the real sandbox."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.payments import Payment, PaymentWay
from app.db.shop_links import ShopOrderLink
from app.sandbox.server import SandboxServer
from app.services import invoicing
from app.services.payments import PAID, PARTLY, payment_state
from tests.services.test_invoicing import set_company
from tests.sync.test_order_sync import _add_shop, _line, _orders, _place, _sync


def _invoice_of_new_order(
    db: Database, creds: CredentialStore, shop_id: int, sandbox: SandboxServer, payment: dict[str, Any]
) -> int:
    placed = _place(sandbox, [_line("FIZ-K1", "Bögre", "2", "1270")], payment=payment)
    _sync(db, creds, shop_id)
    order = next(o for o in _orders(db) if placed["key"] in o.header_note)
    with db.transaction() as s:
        return invoicing.invoice_from_order(s, order.id).id


def test_card_and_online_payments_are_recorded_on_the_invoice(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    with db.transaction() as s:
        set_company(s)
    shop_id = _add_shop(db, creds, sandbox)
    card = _invoice_of_new_order(
        db,
        creds,
        shop_id,
        sandbox,
        {"id": 13, "name": "Bankkártyás fizetés", "type": "bankcard", "status": "paid", "paid": "2540"},
    )
    part = _invoice_of_new_order(
        db,
        creds,
        shop_id,
        sandbox,
        {"id": 15, "name": "PayPal", "type": "popup", "status": "partly paid", "paid": "1000.4"},
    )
    transfer = _invoice_of_new_order(
        db,
        creds,
        shop_id,
        sandbox,
        {"id": 11, "name": "Banki átutalás", "type": "transfer", "status": "paid", "paid": "2540"},
    )
    with db.reading() as s:
        links = {link.payment_type: link for link in s.scalars(select(ShopOrderLink))}
        assert (links["bankcard"].payment_status, links["bankcard"].payment_paid) == ("paid", D("2540.00"))
        paid = payment_state(s, card)
        assert (paid.status, paid.paid, paid.open) == (PAID, D(2540), D(0))
        (payment,) = s.scalars(select(Payment).where(Payment.document_id == card))
        assert (payment.way, payment.source) == (PaymentWay.CARD, "shop")
        assert "bankcard" in payment.note
        partly = payment_state(s, part)
        assert (partly.status, partly.paid, partly.open) == (PARTLY, D(1000), D(1540))  # whole forints only
        assert s.scalars(select(Payment.way).where(Payment.document_id == part)).all() == [PaymentWay.ONLINE]
        assert payment_state(s, transfer).paid == D(0)  # the user records a transfer when it arrives


def test_an_unparsable_paid_amount_does_not_hold_the_order(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    with db.transaction() as s:
        set_company(s)
    shop_id = _add_shop(db, creds, sandbox)
    invoice = _invoice_of_new_order(
        db,
        creds,
        shop_id,
        sandbox,
        {"id": 15, "name": "PayPal", "type": "popup", "status": "partly paid", "paid": "n/a"},
    )
    with db.reading() as s:
        assert payment_state(s, invoice).paid == D(0)
