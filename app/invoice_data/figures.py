"""The figures an issued invoice shows and reports: payable amount, cash rounding, per-rate rows, HUF."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from app.db.documents import Document
from app.invoice_data.pricing import LineAmounts, VatSummaryRow, vat_summary
from app.money import HUF, round_money

FIVE = Decimal(5)
# Invoices made while a test shop is used: their own series, printed as not valid.
TEST_SERIES = "TESZT"


def is_test_invoice(doc: Document) -> bool:
    return doc.number.startswith(f"{TEST_SERIES}-")


def cash_rounding(total: Decimal) -> Decimal:
    """What cash payment adds to ``total`` (whole forints): 1–2 Ft down to 0, 3–7 to 5, 8–9 up to 10."""
    rounded = (total / FIVE).quantize(Decimal(1), rounding=ROUND_HALF_UP) * FIVE
    return rounded - total


def payable(doc: Document) -> Decimal:
    return doc.gross_total + doc.rounding


def vat_rows(doc: Document) -> list[VatSummaryRow]:
    """The per-rate summary printed on the invoice and reported to NAV."""
    return vat_summary(
        (line.vat_code, line.vat_percent, LineAmounts(line.net_amount, line.vat_amount, line.gross_amount))
        for line in doc.lines
    )


def to_huf(amount: Decimal, doc: Document) -> Decimal:
    """An amount of the document in forints at its exchange rate (VAT in HUF on foreign invoices)."""
    if doc.currency == HUF:
        return amount
    return round_money(amount * doc.exchange_rate, HUF)
