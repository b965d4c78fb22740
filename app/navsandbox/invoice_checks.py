"""What the service checks in one invoice data report: the schema and a solid subset of NAV's
business validations (specification 3.3 and Annex I), with NAV's severities and codes.

ERROR (the report is ABORTED): supplier tax number, invoice number uniqueness, line numbering,
modification references and chain, buyer status. WARN (DONE with warnings): the arithmetic, with
NAV's tolerance of 1 % but at least 1 HUF (0.01 of a foreign currency).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from app.navsandbox import xsd
from app.navsandbox.messages import hungarian
from app.navsandbox.state import KnownInvoice, ServiceState

D = "{http://schemas.nav.gov.hu/OSA/3.0/data}"
B = "{http://schemas.nav.gov.hu/OSA/3.0/base}"
ZERO = Decimal(0)


@dataclass
class Outcome:
    number: str = ""
    original: str = ""
    modification_index: int = 0
    line_refs: list[int] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def aborted(self) -> bool:
        return any(m["result"] in ("ERROR", "CRITICAL") for m in self.messages)

    def add(
        self,
        result: str,
        code: str,
        *,
        kind: str = "business",
        tag: str = "",
        value: str = "",
        line: int | None = None,
    ) -> None:
        self.messages.append(
            {
                "kind": kind,
                "result": result,
                "code": code,
                "message": hungarian(code),
                "tag": tag,
                "value": value,
                "line": line,
            }
        )


def _dec(el: etree._Element | None, path: str) -> Decimal | None:
    if el is None:
        return None
    raw = el.findtext(path)
    try:
        return Decimal(raw.strip()) if raw and raw.strip() else None
    except InvalidOperation:
        return None


def _rate_key(vat_rate: etree._Element | None) -> str:
    if vat_rate is None or not len(vat_rate):
        return "?"
    first = vat_rate[0]
    name = etree.QName(first).localname
    if name == "vatPercentage":
        return f"{Decimal((first.text or '0').strip()).normalize()}"
    case = first.findtext(f"{D}case") or (first.text or "")
    return f"{name}:{case.strip()}"


def _percent(vat_rate: etree._Element | None) -> Decimal:
    if vat_rate is None:
        return ZERO
    found = vat_rate.findtext(f"{D}vatPercentage")
    return Decimal(found.strip()) if found else ZERO


def _near(actual: Decimal, expected: Decimal, floor: Decimal) -> bool:
    return abs(actual - expected) <= max(abs(expected) / 100, floor)


def check(
    state: ServiceState, tax_number: str, operation: str, data: str, numbers_in_request: list[str]
) -> Outcome:
    out = Outcome()
    try:
        raw = base64.b64decode(data, validate=True)
        doc = etree.fromstring(raw, xsd.PARSER)
    except (binascii.Error, ValueError, etree.XMLSyntaxError) as exc:
        out.add("ERROR", "SCHEMA_VIOLATION", kind="technical", value=str(exc)[:200])
        return out
    problems = xsd.problems(doc, "invoiceData.xsd")
    out.number = (doc.findtext(f"{D}invoiceNumber") or "").strip()
    if problems:
        for text in problems:
            out.messages.append(
                {
                    "kind": "technical",
                    "result": "ERROR",
                    "code": "SCHEMA_VIOLATION",
                    "message": text,
                    "tag": "",
                    "value": "",
                    "line": None,
                }
            )
        return out
    if numbers_in_request.count(out.number) > 1:
        out.add("ERROR", "DUPLICATE_IN_REQUEST", kind="technical", value=out.number)
        return out
    invoice = doc.find(f"{D}invoiceMain/{D}invoice")
    if invoice is None:  # a batch modification: not offered by this service
        out.add("ERROR", "MANDATORY_CONTENT_MISSING", tag="invoice")
        return out
    _head(out, state, tax_number, invoice)
    _reference(out, state, tax_number, operation, invoice)
    _lines(out, state, tax_number, operation, invoice)
    _amounts(out, invoice)
    return out


def _head(out: Outcome, state: ServiceState, tax_number: str, invoice: etree._Element) -> None:
    head = invoice.find(f"{D}invoiceHead")
    supplier = (
        head.findtext(f"{D}supplierInfo/{D}supplierTaxNumber/{B}taxpayerId") if head is not None else None
    )
    if (supplier or "").strip() != tax_number:
        out.add(
            "ERROR", "SUPPLIER_TAX_NUMBER_MISMATCH", tag="supplierTaxNumber", value=(supplier or "").strip()
        )
    if state.known(tax_number, out.number) is not None:
        out.add("ERROR", "INVOICE_NUMBER_NOT_UNIQUE", tag="invoiceNumber", value=out.number)
    customer = head.find(f"{D}customerInfo") if head is not None else None
    if customer is None:
        return
    status = (customer.findtext(f"{D}customerVatStatus") or "").strip()
    vat_data = customer.find(f"{D}customerVatData")
    if status == "DOMESTIC" and (vat_data is None or vat_data.find(f"{D}customerTaxNumber") is None):
        out.add("ERROR", "MISSING_CUSTOMER_DOMESTIC_TAXNUMBER", tag="customerVatStatus", value=status)
    if status == "PRIVATE_PERSON" and (
        vat_data is not None
        or customer.find(f"{D}customerName") is not None
        or customer.find(f"{D}customerAddress") is not None
    ):
        out.add("ERROR", "CUSTOMER_DATA_NOT_EXPECTED", tag="customerVatStatus", value=status)
    if status == "DOMESTIC" and vat_data is not None and vat_data.find(f"{D}communityVatNumber") is not None:
        out.add("ERROR", "CUSTOMER_COMMUNITY_TAXNUMBER_NOT_EXPECTED", tag="communityVatNumber")


def _reference(
    out: Outcome, state: ServiceState, tax_number: str, operation: str, invoice: etree._Element
) -> None:
    ref = invoice.find(f"{D}invoiceReference")
    if operation == "CREATE":
        if ref is not None:
            out.add("ERROR", "INVOICE_REFERENCE_NOT_EXPECTED", tag="invoiceReference")
        return
    if ref is None:
        out.add("ERROR", "INVOICE_REFERENCE_EXPECTED", tag="invoiceReference")
        return
    out.original = (ref.findtext(f"{D}originalInvoiceNumber") or "").strip()
    index = (ref.findtext(f"{D}modificationIndex") or "0").strip()
    out.modification_index = int(index) if index.isdigit() else 0
    without_master = (ref.findtext(f"{D}modifyWithoutMaster") or "false").strip() == "true"
    base = state.known(tax_number, out.original)
    if base is None and not without_master:
        out.add("ERROR", "INVALID_INVOICE_REFERENCE", tag="originalInvoiceNumber", value=out.original)
    if base is not None and without_master:
        out.add("ERROR", "MODIFY_WITHOUT_MASTER_MISMATCH", tag="modifyWithoutMaster", value="true")
    if any(c.modification_index == out.modification_index for c in state.chain(tax_number, out.original)):
        out.add("ERROR", "MODIFICATION_INDEX_NOT_UNIQUE", tag="modificationIndex", value=index)


def _chain_lines(state: ServiceState, tax_number: str, original: str) -> int:
    base: KnownInvoice | None = state.known(tax_number, original)
    used = list(base.line_refs) if base is not None else []
    for link in state.chain(tax_number, original):
        used.extend(link.line_refs)
    return max(used, default=0)


def _lines(
    out: Outcome, state: ServiceState, tax_number: str, operation: str, invoice: etree._Element
) -> None:
    lines = invoice.findall(f"{D}invoiceLines/{D}line")
    numbers = [(ln.findtext(f"{D}lineNumber") or "").strip() for ln in lines]
    if numbers != [str(i) for i in range(1, len(lines) + 1)]:
        out.add("ERROR", "LINE_NUMBER_NOT_SEQUENTIAL", tag="lineNumber", value=",".join(numbers))
    if operation == "CREATE":
        for position, line in enumerate(lines, start=1):
            if line.find(f"{D}lineModificationReference") is not None:
                out.add(
                    "ERROR", "LINE_MODIFICATION_NOT_EXPECTED", tag="lineModificationReference", line=position
                )
        out.line_refs = list(range(1, len(lines) + 1))
        return
    existing = _chain_lines(state, tax_number, out.original) if out.original else 0
    seen: set[int] = set()
    for position, line in enumerate(lines, start=1):
        mod = line.find(f"{D}lineModificationReference")
        if mod is None:
            out.add("ERROR", "LINE_MODIFICATION_EXPECTED", tag="lineModificationReference", line=position)
            continue
        ref_text = (mod.findtext(f"{D}lineNumberReference") or "").strip()
        ref = int(ref_text) if ref_text.isdigit() else 0
        if (mod.findtext(f"{D}lineOperation") or "").strip() != "CREATE":
            out.add("ERROR", "INVALID_LINE_OPERATION", tag="lineOperation", line=position)
        if ref in seen:
            out.add(
                "ERROR",
                "LINE_NUMBER_REFERENCE_NOT_UNIQUE",
                tag="lineNumberReference",
                value=ref_text,
                line=position,
            )
        elif ref <= existing:
            out.add(
                "ERROR",
                "INVOICE_LINE_ALREADY_EXISTS",
                tag="lineNumberReference",
                value=ref_text,
                line=position,
            )
        seen.add(ref)
    out.line_refs = sorted(seen)


def _amounts(out: Outcome, invoice: etree._Element) -> None:
    detail = invoice.find(f"{D}invoiceHead/{D}invoiceDetail")
    currency = (detail.findtext(f"{D}currencyCode") if detail is not None else "HUF") or "HUF"
    rate = _dec(detail, f"{D}exchangeRate") or Decimal(1)
    floor = Decimal(1) if currency == "HUF" else Decimal("0.01")
    sums: dict[str, Decimal] = {}
    for position, line in enumerate(invoice.findall(f"{D}invoiceLines/{D}line"), start=1):
        amounts = line.find(f"{D}lineAmountsNormal")
        if amounts is None:
            continue
        net = _dec(amounts, f"{D}lineNetAmountData/{D}lineNetAmount") or ZERO
        net_huf = _dec(amounts, f"{D}lineNetAmountData/{D}lineNetAmountHUF")
        vat_huf = _dec(amounts, f"{D}lineVatData/{D}lineVatAmountHUF")
        gross_huf = _dec(amounts, f"{D}lineGrossAmountData/{D}lineGrossAmountNormalHUF")
        quantity, price = _dec(line, f"{D}quantity"), _dec(line, f"{D}unitPrice")
        if quantity is not None and price is not None and not _near(net, quantity * price, floor):
            out.add(
                "WARN",
                "INCORRECT_LINE_CALCULATION_NET_AMOUNT",
                tag="lineNetAmount",
                value=str(net),
                line=position,
            )
        if (
            net_huf is not None
            and vat_huf is not None
            and gross_huf is not None
            and not _near(net_huf + vat_huf, gross_huf, Decimal(1))
        ):
            out.add(
                "WARN",
                "INCORRECT_LINE_CALCULATION_LINE_GROSS_AMOUNT_NORMAL_SUM",
                tag="lineGrossAmountNormalHUF",
                value=str(gross_huf),
                line=position,
            )
        key = _rate_key(amounts.find(f"{D}lineVatRate"))
        sums[key] = sums.get(key, ZERO) + net
    summary = invoice.find(f"{D}invoiceSummary/{D}summaryNormal")
    if summary is None:
        return
    rate_nets, rate_vats = ZERO, ZERO
    for row in summary.findall(f"{D}summaryByVatRate"):
        vat_rate = row.find(f"{D}vatRate")
        key = _rate_key(vat_rate)
        net = _dec(row, f"{D}vatRateNetData/{D}vatRateNetAmount") or ZERO
        vat = _dec(row, f"{D}vatRateVatData/{D}vatRateVatAmount") or ZERO
        rate_nets, rate_vats = rate_nets + net, rate_vats + vat
        if not _near(net, sums.pop(key, ZERO), floor):
            out.add(
                "WARN",
                "INCORRECT_SUMMARY_CALCULATION_VAT_RATE_NET_AMOUNT_LINE",
                tag="vatRateNetAmount",
                value=str(net),
            )
        if not _near(vat, net * _percent(vat_rate), floor):
            out.add(
                "WARN",
                "INCORRECT_SUMMARY_CALCULATION_VAT_RATE_VAT_AMOUNT_SUMMARY",
                tag="vatRateVatAmount",
                value=str(vat),
            )
    invoice_net = _dec(summary, f"{D}invoiceNetAmount") or ZERO
    invoice_vat = _dec(summary, f"{D}invoiceVatAmount") or ZERO
    if not _near(invoice_net, rate_nets, floor):
        out.add(
            "WARN",
            "INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT",
            tag="invoiceNetAmount",
            value=str(invoice_net),
        )
    if not _near(invoice_vat, rate_vats, floor):
        out.add(
            "WARN",
            "INCORRECT_SUMMARY_CALCULATION_INVOICE_VAT_AMOUNT_SUMMARY",
            tag="invoiceVatAmount",
            value=str(invoice_vat),
        )
    vat_huf = _dec(summary, f"{D}invoiceVatAmountHUF")
    if vat_huf is not None and not _near(vat_huf, invoice_vat * rate, Decimal(1)):
        out.add(
            "WARN",
            "INCORRECT_SUMMARY_DATA_INVOICE_VAT_AMOUNT_HUF",
            tag="invoiceVatAmountHUF",
            value=str(vat_huf),
        )
    gross = _dec(invoice, f"{D}invoiceSummary/{D}summaryGrossData/{D}invoiceGrossAmount")
    if gross is not None and not _near(gross, invoice_net + invoice_vat, floor):
        out.add(
            "WARN",
            "INCORRECT_SUMMARY_CALCULATION_INVOICE_GROSS_AMOUNT_SUMMARY",
            tag="invoiceGrossAmount",
            value=str(gross),
        )
