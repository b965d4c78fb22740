"""NAV's arithmetic warnings (interface specification, Annex I: INCORRECT_LINE_CALCULATION_*,
INCORRECT_SUMMARY_CALCULATION_*, INCORRECT_SUMMARY_DATA_*), with NAV's own tolerance.

"The tolerated deviation is 1 % of the value, but at least 1 HUF or 0.01 units of the invoice
currency – whichever is greater." A check in forints therefore tolerates at least
max(1 Ft, 0.01 × exchange rate); one in the invoice currency at least max(0.01, 1 Ft ÷ rate).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.nav.rules.model import Invoice, VatSpec

ONE_PERCENT = Decimal("0.01")
Report = Callable[[str, str], None]  # (code, pointer)


def tolerance(value: Decimal, invoice: Invoice, *, in_huf: bool) -> Decimal:
    rate = invoice.exchange_rate or Decimal(1)
    foreign = invoice.currency not in ("", "HUF")
    if in_huf:
        floor = max(Decimal(1), ONE_PERCENT * rate) if foreign else Decimal(1)
    else:
        floor = max(ONE_PERCENT, Decimal(1) / rate) if foreign else Decimal(1)
    return max(abs(value) * ONE_PERCENT, floor)


def _off(
    actual: Decimal, expected: Decimal, invoice: Invoice, *, in_huf: bool, base: Decimal | None = None
) -> bool:
    return abs(actual - expected) > tolerance(base if base is not None else expected, invoice, in_huf=in_huf)


def check_lines(invoice: Invoice, report: Report) -> None:
    rate = invoice.exchange_rate or Decimal(1)
    for line in invoice.lines:
        where = f"{line.number}. tétel"
        if line.operation and line.operation != "CREATE":
            continue
        if line.quantity is not None and line.unit_price is not None and line.net is not None:
            expected = line.quantity * line.unit_price
            if _off(line.net, expected, invoice, in_huf=False):
                report("INCORRECT_LINE_CALCULATION_NET_AMOUNT", where)
        pairs = (
            (line.net, line.net_huf, "INCORRECT_LINE_CALCULATION_LINE_NET_AMOUNT_HUF"),
            (line.vat_amount, line.vat_huf, "INCORRECT_LINE_CALCULATION_LINE_VAT_AMOUNT_HUF"),
            (line.unit_price, line.unit_price_huf, "INCORRECT_LINE_CALCULATION_LINE_UNIT_PRICE_HUF"),
            (line.gross, line.gross_huf, "INCORRECT_LINE_CALCULATION_LINE_GROSS_AMOUNT_NORMAL_HUF"),
        )
        for amount, huf, code in pairs:
            if amount is not None and huf is not None and _off(huf, amount * rate, invoice, in_huf=True):
                report(code, where)
        if line.net_huf is not None and line.vat_huf is not None and line.gross_huf is not None:
            total = line.net_huf + line.vat_huf
            if _off(total, line.gross_huf, invoice, in_huf=True):
                report("INCORRECT_LINE_CALCULATION_LINE_GROSS_AMOUNT_NORMAL_SUM", where)
        if (
            line.vat is not None
            and line.vat.kind in ("exemption", "out_of_scope")
            and (line.vat_amount or 0) != 0
        ):
            code = "EXEMPTION" if line.vat.kind == "exemption" else "OUT_OF_SCOPE"
            report(f"INCORRECT_LINE_DATA_VAT_{code}_NORMAL", where)


def _line_sums(invoice: Invoice) -> dict[str, tuple[Decimal, Decimal]]:
    sums: dict[str, tuple[Decimal, Decimal]] = {}
    for line in invoice.lines:
        if line.vat is None or line.net is None:
            continue
        net, net_huf = sums.get(line.vat.key, (Decimal(0), Decimal(0)))
        sums[line.vat.key] = (net + line.net, net_huf + (line.net_huf or Decimal(0)))
    return sums


def check_summary(invoice: Invoice, report: Report, *, operation: str) -> None:
    rate = invoice.exchange_rate or Decimal(1)
    sums = _line_sums(invoice)
    line_keys = set(sums)
    for row in invoice.summary:
        where = f"{_label(row.vat)} összesítő"
        if invoice.lines and row.vat.key not in line_keys:
            report("INCORRECT_SUMMARY_DATA_VAT_PERCENTAGE", where)
        net, net_huf = sums.get(row.vat.key, (Decimal(0), Decimal(0)))
        if row.net != 0 and invoice.lines and _off(net, row.net, invoice, in_huf=False):
            report("INCORRECT_SUMMARY_CALCULATION_VAT_RATE_NET_AMOUNT_LINE", where)
        if row.net_huf != 0 and invoice.lines and _off(net_huf, row.net_huf, invoice, in_huf=True):
            report("INCORRECT_SUMMARY_CALCULATION_VAT_RATE_NET_AMOUNT_HUF_LINE", where)
        if row.vat.kind == "percentage" and row.vat.percentage is not None:
            if row.net != 0 and _off(
                row.vat_amount, row.net * row.vat.percentage, invoice, in_huf=False, base=row.vat_amount
            ):
                report("INCORRECT_SUMMARY_CALCULATION_VAT_RATE_VAT_AMOUNT_SUMMARY", where)
            if row.net_huf != 0 and _off(
                row.vat_huf, row.net_huf * row.vat.percentage, invoice, in_huf=True, base=row.vat_huf
            ):
                report("INCORRECT_SUMMARY_CALCULATION_VAT_RATE_VAT_AMOUNT_HUF_SUMMARY", where)
        elif row.vat_amount != 0 or row.vat_huf != 0:
            code = "EXEMPTION" if row.vat.kind == "exemption" else "OUT_OF_SCOPE"
            report(f"INCORRECT_SUMMARY_DATA_VAT_{code}_NORMAL", where)
        if _off(row.net_huf, row.net * rate, invoice, in_huf=True):
            report("INCORRECT_SUMMARY_DATA_INVOICE_VAT_RATE_NET_AMOUNT_HUF", where)
        if _off(row.vat_huf, row.vat_amount * rate, invoice, in_huf=True):
            report("INCORRECT_SUMMARY_DATA_INVOICE_VAT_RATE_VAT_AMOUNT_HUF", where)
    for key in line_keys - {row.vat.key for row in invoice.summary}:
        report("INCORRECT_SUMMARY_DATA_VAT_PERCENTAGE", key)
    _check_totals(invoice, report, operation=operation)


def _check_totals(invoice: Invoice, report: Report, *, operation: str) -> None:
    rate = invoice.exchange_rate or Decimal(1)
    rows = invoice.summary
    net = sum((r.net for r in rows), Decimal(0))
    net_huf = sum((r.net_huf for r in rows), Decimal(0))
    vat = sum((r.vat_amount for r in rows), Decimal(0))
    vat_huf = sum((r.vat_huf for r in rows), Decimal(0))
    checks = (
        (invoice.net_total, net, False, "INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT"),
        (invoice.net_total_huf, net_huf, True, "INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT_HUF"),
        (invoice.vat_total, vat, False, "INCORRECT_SUMMARY_CALCULATION_INVOICE_VAT_AMOUNT_SUMMARY"),
        (
            invoice.vat_total_huf,
            vat_huf,
            True,
            "INCORRECT_SUMMARY_CALCULATION_INVOICE_VAT_AMOUNT_HUF_SUMMARY",
        ),
    )
    for given, computed, in_huf, code in checks:
        if given is not None and _off(computed, given, invoice, in_huf=in_huf):
            report(code, "összesítő")
    if invoice.net_total is not None and invoice.lines:
        line_net = sum((line.net or Decimal(0) for line in invoice.lines), Decimal(0))
        if _off(line_net, invoice.net_total, invoice, in_huf=False):
            report("INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_LINE_AMOUNT", "összesítő")
        line_net_huf = sum((line.net_huf or Decimal(0) for line in invoice.lines), Decimal(0))
        if invoice.net_total_huf is not None and _off(
            line_net_huf, invoice.net_total_huf, invoice, in_huf=True
        ):
            report("INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT_LINE_HUF", "összesítő")
    if None not in (invoice.gross_total, invoice.net_total, invoice.vat_total):
        assert (
            invoice.gross_total is not None
            and invoice.net_total is not None
            and invoice.vat_total is not None
        )
        if _off(invoice.net_total + invoice.vat_total, invoice.gross_total, invoice, in_huf=False):
            report("INCORRECT_SUMMARY_CALCULATION_INVOICE_GROSS_AMOUNT_SUMMARY", "összesítő")
    if None not in (invoice.gross_total_huf, invoice.net_total_huf, invoice.vat_total_huf):
        assert invoice.gross_total_huf is not None and invoice.net_total_huf is not None
        assert invoice.vat_total_huf is not None
        if _off(invoice.net_total_huf + invoice.vat_total_huf, invoice.gross_total_huf, invoice, in_huf=True):
            report("INCORRECT_SUMMARY_CALCULATION_INVOICE_GROSS_AMOUNT_HUF_SUMMARY", "összesítő")
    pairs = (
        (invoice.vat_total, invoice.vat_total_huf, "INCORRECT_SUMMARY_DATA_INVOICE_VAT_AMOUNT_HUF"),
        (invoice.net_total, invoice.net_total_huf, "INCORRECT_SUMMARY_DATA_INVOICE_NET_AMOUNT_HUF"),
        (invoice.gross_total, invoice.gross_total_huf, "INCORRECT_SUMMARY_DATA_INVOICE_GROSS_AMOUNT_HUF"),
    )
    for amount, huf, code in pairs:
        if amount is not None and huf is not None and _off(huf, amount * rate, invoice, in_huf=True):
            report(code, "összesítő")
    if operation == "CREATE" and invoice.net_total is not None and invoice.net_total < 0:
        report("INCORRECT_SUMMARY_DATA_INVOICE_NET_AMOUNT", "összesítő")


def _label(vat: VatSpec) -> str:
    if vat.kind == "percentage" and vat.percentage is not None:
        return f"{(vat.percentage * 100).normalize()}%"
    return vat.case or vat.kind
