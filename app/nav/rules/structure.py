"""NAV's rules on lines, their numbers and references, modification chains, VAT codes and dates.

Blocking errors (specification 3.3.2) and the matching warnings of Annex I. ``ChainState`` is what
NAV already holds about the invoice a storno or modifying invoice refers to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.nav.rules.model import Invoice, VatSpec

Report = Callable[[str, str], None]
Warn = Callable[[str, str], None]

# Specification 3.3.2 #14: the VAT percentages accepted on a normal invoice created today.
VAT_PERCENTAGES = {Decimal("0.05"), Decimal("0.07"), Decimal("0.12"), Decimal("0.18"), Decimal("0.27")}
OLD_PERCENTAGES = {Decimal("0.2"), Decimal("0.25")}  # only for corrections / deliveries before 2013
EXEMPTION_CASES = {"AAM", "TAM", "KBAET", "KBAUK", "EAM", "NAM"}
OUT_OF_SCOPE_CASES = {"ATK", "EUFAD37", "EUFADE", "EUE", "HO"}


@dataclass(frozen=True)
class ChainState:
    """The original invoice and its earlier corrections, as NAV knows them."""

    original_number: str
    original_issue_date: date | None
    # Line numbers that exist in the chain: the original's 1..n and every earlier reference.
    existing_lines: frozenset[int]
    used_indices: frozenset[int]
    net_total: Decimal  # the chain's aggregate net so far (invoice currency)
    storno_exists: bool = False


def check_lines(invoice: Invoice, operation: str, report: Report, warn: Warn) -> None:
    lines = invoice.lines
    if not lines and operation in ("CREATE", "STORNO"):
        report("INVOICE_LINE_MISSING", "")
    numbers = [line.number for line in lines]
    if numbers != list(range(1, len(lines) + 1)):
        report("LINE_NUMBER_NOT_SEQUENTIAL", "")
    correction = operation in ("MODIFY", "STORNO")
    references = [line.reference for line in lines if line.reference is not None]
    if len(references) != len(set(references)):
        report("LINE_NUMBER_REFERENCE_NOT_UNIQUE", "")
    for line in lines:
        where = f"{line.number}. tétel"
        if correction and line.reference is None:
            report("LINE_MODIFICATION_EXPECTED", where)
        if not correction and line.reference is not None:
            report("LINE_MODIFICATION_NOT_EXPECTED", where)
        if line.operation == "MODIFY":
            report("INVALID_LINE_OPERATION", where)
        if line.expression is None:
            report("LINE_EXPRESSION_INDICATOR_MISSING", where)
        elif line.expression and (
            not line.description or line.quantity is None or not line.unit or line.unit_price is None
        ):
            report("MANDATORY_LINE_CONTENT_MISSING", where)
        elif not line.description:
            report("MANDATORY_LINE_CONTENT_MISSING", where)
        if line.unit == "OWN" and not line.unit_own:
            warn("INCORRECT_LINE_DATA_UOM_INCOMPLETE", where)
        if line.unit and line.unit != "OWN" and line.unit_own:
            warn("INCORRECT_LINE_DATA_UOM", where)
        _check_vat(line.vat, operation, invoice, where, report, line_level=True)
    for row in invoice.summary:
        _check_vat(row.vat, operation, invoice, "összesítő", report, line_level=False)


def _check_vat(
    vat: VatSpec | None, operation: str, invoice: Invoice, where: str, report: Report, *, line_level: bool
) -> None:
    if vat is None:
        return
    old_ok = operation != "CREATE" or (
        invoice.delivery_date is not None and invoice.delivery_date < date(2013, 1, 1)
    )
    if vat.kind == "percentage":
        allowed = VAT_PERCENTAGES | (OLD_PERCENTAGES if old_ok else set())
        if vat.percentage is None or vat.percentage.normalize() not in {p.normalize() for p in allowed}:
            report("INVALID_VAT_DATA", where)
    elif vat.kind == "exemption" and vat.case not in EXEMPTION_CASES:
        report(
            "INVALID_LINE_VAT_EXEMPTION_CODE" if line_level else "INVALID_SUMMARY_VAT_EXEMPTION_CODE", where
        )
    elif vat.kind == "out_of_scope" and vat.case not in OUT_OF_SCOPE_CASES:
        report(
            "INVALID_LINE_VAT_OUT_OF_SCOPE_CODE" if line_level else "INVALID_SUMMARY_VAT_OUT_OF_SCOPE_CODE",
            where,
        )


def check_reference(
    invoice: Invoice, operation: str, chain: ChainState | None, report: Report, warn: Warn
) -> None:
    if operation == "CREATE":
        if invoice.has_reference:
            report("INVOICE_REFERENCE_NOT_EXPECTED", "")
        return
    if not invoice.has_reference:
        report("INVOICE_REFERENCE_EXPECTED", "")
        return
    if chain is None or chain.original_number != invoice.original_number:
        if not invoice.modify_without_master:
            report("INVALID_INVOICE_REFERENCE", "")
        return
    if invoice.original_number == invoice.number:
        warn("INCORRECT_HEAD_DATA_MOD_REF_INVOICE_NUMBER", "")
    if invoice.modification_index is None or invoice.modification_index in chain.used_indices:
        report("MODIFICATION_INDEX_NOT_UNIQUE", "")
    for line in invoice.lines:
        if (
            line.reference is not None
            and line.operation == "CREATE"
            and line.reference in chain.existing_lines
        ):
            report("INVOICE_LINE_ALREADY_EXISTS", f"{line.number}. tétel")
    if chain.storno_exists:
        warn("INCONSISTENT_MODIFICATION_DATA_STORNO_ALREADY_EXISTS", "")
    if operation == "STORNO" and invoice.net_total is not None:
        if chain.net_total + invoice.net_total != 0:
            warn("INCONSISTENT_MODIFICATION_DATA_NETAMOUNT_NOT_ZERO_NORMAL", "")
    if chain.original_issue_date and invoice.issue_date and invoice.issue_date < chain.original_issue_date:
        warn("INCORRECT_DATE_INVOICE_MODIFICATION_ISSUE_DATE_ORIGINAL", "")


def check_head(invoice: Invoice, operation: str, today: date, report: Report, warn: Warn) -> None:
    number = invoice.number
    if number != number.strip() or not number:
        report("INVALID_INVOICE_NUMBER", "")
    issue, delivery = invoice.issue_date, invoice.delivery_date
    if issue and issue > today + timedelta(days=365):
        report("INVOICE_ISSUE_DATE_LATE", "")
    if issue and delivery and delivery > issue + timedelta(days=5 * 365 + 1):
        report("INVOICE_DELIVERY_DATE_LATE", "")
    if issue and issue > today:
        warn(
            "INCORRECT_DATE_INVOICE_MODIFICATION_ISSUE_DATE_LATE"
            if operation != "CREATE"
            else "INCORRECT_DATE_INVOICE_ISSUE_DATE_LATE",
            "",
        )
    if issue and delivery and _months_between(issue, delivery) >= 13:
        warn("INCORRECT_DATE_INVOICE_DELIVERY_DATE_LATE", "")
    if invoice.currency == "HUF" and invoice.exchange_rate not in (None, Decimal(1)):
        warn("INCORRECT_HEAD_DATA_EXCHANGE_RATE_1", "")
    if invoice.currency not in ("", "HUF") and invoice.exchange_rate == Decimal(1):
        warn("INCORRECT_HEAD_DATA_CURRENCY_CODE_HUF", "")


def _months_between(issue: date, delivery: date) -> int:
    later, earlier = (delivery, issue) if delivery > issue else (issue, delivery)
    return (later.year - earlier.year) * 12 + later.month - earlier.month
