"""Card and online payments taken by the webshop, recorded on the invoice made from the order.

A card paid in the shop (or PayPal, Qvik, a buy-now-pay-later provider) is money already received:
the invoice made from that order is marked paid as it is issued, so it never shows as open or
overdue. Transfers, cash on delivery and cash are paid later and recorded by the user; a shop
status "paid" for those is the shop owner's own mark and not evidence of money received here.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.documents import Document
from app.db.payments import Payment, PaymentWay
from app.db.shop_links import ShopOrderLink
from app.money import minor_unit
from app.services.payments import payment_state, record_payment

# UNAS Payment/Type → how it was paid (unas-api.md, Payment.Type).
SHOP_PAYMENT_WAYS = {
    "bankcard": PaymentWay.CARD,
    "bankcard_qvik": PaymentWay.CARD,
    "bankcard_offline": PaymentWay.CARD,  # the courier's card terminal
    "popup": PaymentWay.ONLINE,  # PayPal and other redirect payments
    "qvik": PaymentWay.ONLINE,
    "bnpl": PaymentWay.ONLINE,
    "credit": PaymentWay.ONLINE,
}
PAID_STATUSES = frozenset({"paid", "overpaid", "partly paid", "partly_paid"})


def record_shop_payment(session: Session, invoice: Document, order_id: int) -> Payment | None:
    """The shop's card/online payment of the order on its new invoice: the whole payable when the
    shop says paid, the shop's paid amount (at most the payable) when partly paid; nothing else."""
    link = session.scalar(select(ShopOrderLink).where(ShopOrderLink.document_id == order_id))
    if link is None or link.payment_status not in PAID_STATUSES:
        return None
    way = SHOP_PAYMENT_WAYS.get((link.payment_type or "").lower())
    if way is None:
        return None
    state = payment_state(session, invoice.id, invoice.issue_date)
    amount = state.open
    if link.payment_status not in ("paid", "overpaid"):
        if link.payment_paid is None:
            return None
        unit = minor_unit(state.currency)
        amount = min(amount, (link.payment_paid / unit).to_integral_value(ROUND_DOWN) * unit)
    if amount <= Decimal(0):
        return None
    note = f"A webáruház szerint fizetve ({link.payment_type}, rendelés: {link.display_key})"
    return record_payment(
        session, invoice.id, amount, way, invoice.issue_date, note, source="shop", today=invoice.issue_date
    )
