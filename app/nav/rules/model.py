"""The parts of an InvoiceData document the business rules look at, read into plain records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

DATA = "{http://schemas.nav.gov.hu/OSA/3.0/data}"
BASE = "{http://schemas.nav.gov.hu/OSA/3.0/base}"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class VatSpec:
    kind: str  # percentage | exemption | out_of_scope | other
    percentage: Decimal | None = None
    case: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.percentage if self.percentage is not None else self.case}"


@dataclass(frozen=True)
class Line:
    number: int | None
    reference: int | None
    operation: str
    expression: bool | None
    description: str
    quantity: Decimal | None
    unit: str
    unit_own: str
    unit_price: Decimal | None
    unit_price_huf: Decimal | None
    vat: VatSpec | None
    net: Decimal | None
    net_huf: Decimal | None
    vat_amount: Decimal | None
    vat_huf: Decimal | None
    gross: Decimal | None
    gross_huf: Decimal | None


@dataclass(frozen=True)
class SummaryRow:
    vat: VatSpec
    net: Decimal
    net_huf: Decimal
    vat_amount: Decimal
    vat_huf: Decimal
    gross: Decimal | None
    gross_huf: Decimal | None


@dataclass
class Party:
    status: str = ""
    tax_base: str = ""
    vat_code: str = ""
    county: str = ""
    community: str = ""
    third_state: str = ""
    name: str = ""
    has_address: bool = False
    country: str = ""
    has_vat_data: bool = False
    bank_account: str = ""


@dataclass
class Invoice:
    number: str
    issue_date: date | None
    delivery_date: date | None
    currency: str
    exchange_rate: Decimal | None
    has_reference: bool
    original_number: str
    modify_without_master: bool
    modification_index: int | None
    supplier: Party
    customer: Party | None
    lines: list[Line] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)
    net_total: Decimal | None = None
    net_total_huf: Decimal | None = None
    vat_total: Decimal | None = None
    vat_total_huf: Decimal | None = None
    gross_total: Decimal | None = None
    gross_total_huf: Decimal | None = None


def _t(el: etree._Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return (found.text or "").strip() if found is not None and found.text else ""


def _d(el: etree._Element | None, path: str) -> Decimal | None:
    raw = _t(el, path)
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _date(el: etree._Element | None, path: str) -> date | None:
    raw = _t(el, path)
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _vat(el: etree._Element | None) -> VatSpec | None:
    if el is None:
        return None
    if el.find(f"{DATA}vatPercentage") is not None:
        return VatSpec("percentage", _d(el, f"{DATA}vatPercentage"))
    for tag, kind in (("vatExemption", "exemption"), ("vatOutOfScope", "out_of_scope")):
        node = el.find(f"{DATA}{tag}")
        if node is not None:
            return VatSpec(kind, case=_t(node, f"{DATA}case"))
    return VatSpec("other")


def _party(el: etree._Element | None, prefix: str) -> Party:
    party = Party()
    if el is None:
        return party
    party.status = _t(el, f"{DATA}customerVatStatus")
    number = el.find(f"{DATA}{prefix}TaxNumber")
    if number is None:
        number = el.find(f"{DATA}customerVatData/{DATA}customerTaxNumber")
    if number is not None:
        party.tax_base = _t(number, f"{BASE}taxpayerId")
        party.vat_code = _t(number, f"{BASE}vatCode")
        party.county = _t(number, f"{BASE}countyCode")
    party.has_vat_data = el.find(f"{DATA}customerVatData") is not None
    party.community = _t(el, f"{DATA}communityVatNumber") or _t(
        el, f"{DATA}customerVatData/{DATA}communityVatNumber"
    )
    party.third_state = _t(el, f"{DATA}customerVatData/{DATA}thirdStateTaxId")
    party.name = _t(el, f"{DATA}{prefix}Name")
    address = el.find(f"{DATA}{prefix}Address")
    party.has_address = address is not None
    if address is not None:
        party.country = _t(address, f".//{BASE}countryCode")
    party.bank_account = _t(el, f"{DATA}{prefix}BankAccountNumber")
    return party


def parse(xml: bytes) -> Invoice:
    root = etree.fromstring(xml, _PARSER)
    invoice = root.find(f"{DATA}invoiceMain/{DATA}invoice")
    head = invoice.find(f"{DATA}invoiceHead") if invoice is not None else None
    detail = head.find(f"{DATA}invoiceDetail") if head is not None else None
    reference = invoice.find(f"{DATA}invoiceReference") if invoice is not None else None
    customer_el = head.find(f"{DATA}customerInfo") if head is not None else None
    out = Invoice(
        number=_t(root, f"{DATA}invoiceNumber") if root.find(f"{DATA}invoiceNumber") is not None else "",
        issue_date=_date(root, f"{DATA}invoiceIssueDate"),
        delivery_date=_date(detail, f"{DATA}invoiceDeliveryDate"),
        currency=_t(detail, f"{DATA}currencyCode"),
        exchange_rate=_d(detail, f"{DATA}exchangeRate"),
        has_reference=reference is not None,
        original_number=_t(reference, f"{DATA}originalInvoiceNumber"),
        modify_without_master=_t(reference, f"{DATA}modifyWithoutMaster") == "true",
        modification_index=int(_t(reference, f"{DATA}modificationIndex") or 0) or None,
        supplier=_party(head.find(f"{DATA}supplierInfo") if head is not None else None, "supplier"),
        customer=_party(customer_el, "customer") if customer_el is not None else None,
    )
    raw_number = root.find(f"{DATA}invoiceNumber")
    if raw_number is not None:
        out.number = raw_number.text or ""
    lines = invoice.find(f"{DATA}invoiceLines") if invoice is not None else None
    for line in lines.findall(f"{DATA}line") if lines is not None else []:
        amounts = line.find(f"{DATA}lineAmountsNormal")
        ref = line.find(f"{DATA}lineModificationReference")
        expression = _t(line, f"{DATA}lineExpressionIndicator")
        number = _t(line, f"{DATA}lineNumber")
        out.lines.append(
            Line(
                number=int(number) if number.isdigit() else None,
                reference=int(_t(ref, f"{DATA}lineNumberReference") or 0) if ref is not None else None,
                operation=_t(ref, f"{DATA}lineOperation"),
                expression=None if not expression else expression == "true",
                description=_t(line, f"{DATA}lineDescription"),
                quantity=_d(line, f"{DATA}quantity"),
                unit=_t(line, f"{DATA}unitOfMeasure"),
                unit_own=_t(line, f"{DATA}unitOfMeasureOwn"),
                unit_price=_d(line, f"{DATA}unitPrice"),
                unit_price_huf=_d(line, f"{DATA}unitPriceHUF"),
                vat=_vat(amounts.find(f"{DATA}lineVatRate")) if amounts is not None else None,
                net=_d(amounts, f"{DATA}lineNetAmountData/{DATA}lineNetAmount"),
                net_huf=_d(amounts, f"{DATA}lineNetAmountData/{DATA}lineNetAmountHUF"),
                vat_amount=_d(amounts, f"{DATA}lineVatData/{DATA}lineVatAmount"),
                vat_huf=_d(amounts, f"{DATA}lineVatData/{DATA}lineVatAmountHUF"),
                gross=_d(amounts, f"{DATA}lineGrossAmountData/{DATA}lineGrossAmountNormal"),
                gross_huf=_d(amounts, f"{DATA}lineGrossAmountData/{DATA}lineGrossAmountNormalHUF"),
            )
        )
    summary = invoice.find(f"{DATA}invoiceSummary") if invoice is not None else None
    normal = summary.find(f"{DATA}summaryNormal") if summary is not None else None
    for row in normal.findall(f"{DATA}summaryByVatRate") if normal is not None else []:
        vat = _vat(row.find(f"{DATA}vatRate")) or VatSpec("other")
        out.summary.append(
            SummaryRow(
                vat=vat,
                net=_d(row, f"{DATA}vatRateNetData/{DATA}vatRateNetAmount") or Decimal(0),
                net_huf=_d(row, f"{DATA}vatRateNetData/{DATA}vatRateNetAmountHUF") or Decimal(0),
                vat_amount=_d(row, f"{DATA}vatRateVatData/{DATA}vatRateVatAmount") or Decimal(0),
                vat_huf=_d(row, f"{DATA}vatRateVatData/{DATA}vatRateVatAmountHUF") or Decimal(0),
                gross=_d(row, f"{DATA}vatRateGrossData/{DATA}vatRateGrossAmount"),
                gross_huf=_d(row, f"{DATA}vatRateGrossData/{DATA}vatRateGrossAmountHUF"),
            )
        )
    out.net_total = _d(normal, f"{DATA}invoiceNetAmount")
    out.net_total_huf = _d(normal, f"{DATA}invoiceNetAmountHUF")
    out.vat_total = _d(normal, f"{DATA}invoiceVatAmount")
    out.vat_total_huf = _d(normal, f"{DATA}invoiceVatAmountHUF")
    out.gross_total = _d(summary, f"{DATA}summaryGrossData/{DATA}invoiceGrossAmount")
    out.gross_total_huf = _d(summary, f"{DATA}summaryGrossData/{DATA}invoiceGrossAmountHUF")
    return out
