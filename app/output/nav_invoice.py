"""NAV Online Számla 3.0 ``InvoiceData`` XML of an issued invoice, storno or modifying invoice.

Made from the invoice's snapshot (never from live data) and checked against the official XSDs.
Buyer status as NAV defines it: PRIVATE_PERSON without any other customer data, DOMESTIC always
with the Hungarian tax number (at least its base), OTHER for foreign buyers and buyers that are not
VAT subjects. Exempt and out-of-scope codes are ``vatExemption`` / ``vatOutOfScope`` with their
case code and reason, never a 0 % rate. A correction carries ``invoiceReference`` and its lines
``lineModificationReference`` (line numbers continue over the whole chain, operation CREATE).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from app.errors import ValidationError
from app.invoice_data.legal_texts import STATUS_AAM, STATUS_CASH, exemption_reason
from app.invoice_data.snapshot import InvoiceSnapshot, Party, SnapshotLine
from app.invoice_data.units import nav_unit
from app.nav import schemas
from app.values.tax_numbers import TaxNumberError, parse_eu_vat, parse_hungarian

DATA_NS = "http://schemas.nav.gov.hu/OSA/3.0/data"
BASE_NS = "http://schemas.nav.gov.hu/OSA/3.0/base"
COMMON_NS = "http://schemas.nav.gov.hu/NTCA/1.0/common"
NSMAP = {None: DATA_NS, "base": BASE_NS, "common": COMMON_NS}
# unitPrice is NAV's QuantityType: up to 10 decimals (so quantity × unit price gives the net back).
UNIT_PRICE_PLACES = Decimal("0.0000000001")


def _el(parent: etree._Element, tag: str, text: object | None = None, ns: str = DATA_NS) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        child.text = _text(text)
    return child


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value != 0 else "0"
    return str(value)


def _tax_number(parent: etree._Element, tag: str, raw: str, *, full: bool = True) -> None:
    try:
        number = parse_hungarian(raw)
    except TaxNumberError as exc:
        raise ValidationError(str(exc), "bad tax number") from exc
    el = _el(parent, tag)
    _el(el, "taxpayerId", number.base, BASE_NS)
    if full and number.vat_code and number.county:
        _el(el, "vatCode", number.vat_code, BASE_NS)
        _el(el, "countyCode", number.county, BASE_NS)


def _address(parent: etree._Element, tag: str, party: Party) -> None:
    simple = _el(_el(parent, tag), "simpleAddress", ns=BASE_NS)
    _el(simple, "countryCode", (party.country or "HU").upper(), BASE_NS)
    _el(simple, "postalCode", party.postal_code or "0000", BASE_NS)
    _el(simple, "city", party.city or "-", BASE_NS)
    _el(simple, "additionalAddressDetail", party.street or "-", BASE_NS)


def _vat_rate(parent: etree._Element, tag: str, code: str, percent: Decimal, kind: str) -> None:
    rate = _el(parent, tag)
    if kind in ("exempt", "out_of_scope"):
        detail = _el(rate, "vatExemption" if kind == "exempt" else "vatOutOfScope")
        _el(detail, "case", code)
        _el(detail, "reason", exemption_reason(code)[:200])
    else:
        _el(rate, "vatPercentage", (percent / 100).quantize(Decimal("0.0001")))


def invoice_data_xml(snap: InvoiceSnapshot) -> bytes:
    """The InvoiceData document; raises ValidationError with Hungarian messages if it is not valid."""
    root = etree.Element(f"{{{DATA_NS}}}InvoiceData", nsmap=NSMAP)  # type: ignore[arg-type]
    _el(root, "invoiceNumber", snap.number)
    _el(root, "invoiceIssueDate", snap.issue_date.isoformat())
    _el(root, "completenessIndicator", False)
    invoice = _el(_el(root, "invoiceMain"), "invoice")
    if snap.is_correction:
        reference = _el(invoice, "invoiceReference")
        _el(reference, "originalInvoiceNumber", snap.original_number)
        _el(reference, "modifyWithoutMaster", False)
        _el(reference, "modificationIndex", snap.modification_index)
    head = _el(invoice, "invoiceHead")
    _supplier(head, snap.seller)
    _customer(head, snap)
    detail = _el(head, "invoiceDetail")
    _el(detail, "invoiceCategory", "NORMAL")
    _el(detail, "invoiceDeliveryDate", snap.fulfilment_date.isoformat())
    _el(detail, "currencyCode", snap.currency)
    _el(detail, "exchangeRate", snap.exchange_rate.quantize(Decimal("0.000001")))
    _el(detail, "paymentMethod", snap.payment_code)
    _el(detail, "paymentDate", snap.due_date.isoformat())
    if snap.seller.vat_status == STATUS_CASH:
        _el(detail, "cashAccountingIndicator", True)
    _el(detail, "invoiceAppearance", snap.appearance)
    lines = _el(invoice, "invoiceLines")
    _el(lines, "mergedItemIndicator", False)
    for line in snap.lines:
        _line(lines, snap, line)
    _summary(invoice, snap)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    problems = validate(data)
    if problems:
        raise ValidationError(
            "A számla NAV-adatai nem felelnek meg a NAV sémájának; a számla nem készült el.",
            "\n".join(problems),
        )
    return data


def _supplier(head: etree._Element, seller: Party) -> None:
    if not seller.tax_number or not seller.name:
        raise ValidationError(
            "A számlához hiányoznak a saját cégadatok (név, adószám): Törzsadatok › Saját cégadatok.",
            "company data missing",
        )
    supplier = _el(head, "supplierInfo")
    _tax_number(supplier, "supplierTaxNumber", seller.tax_number)
    if seller.eu_tax_number:
        _el(supplier, "communityVatNumber", str(parse_eu_vat(seller.eu_tax_number)))
    _el(supplier, "supplierName", seller.name)
    _address(supplier, "supplierAddress", seller)
    if seller.bank_account:
        _el(supplier, "supplierBankAccountNumber", seller.bank_account)
    if seller.vat_status == STATUS_AAM:
        _el(supplier, "individualExemption", True)


def _customer(head: etree._Element, snap: InvoiceSnapshot) -> None:
    customer = _el(head, "customerInfo")
    _el(customer, "customerVatStatus", snap.buyer_status)
    buyer = snap.buyer
    if snap.buyer_status == "PRIVATE_PERSON":
        return  # NAV refuses any other data of a private person (CUSTOMER_DATA_NOT_EXPECTED)
    if snap.buyer_status == "DOMESTIC":
        vat_data = _el(customer, "customerVatData")
        if buyer.tax_number:
            _tax_number(vat_data, "customerTaxNumber", buyer.tax_number)
        else:  # only a HU EU VAT number was given: its 8 digits are the tax number's base
            _tax_number(vat_data, "customerTaxNumber", parse_eu_vat(buyer.eu_tax_number).number)
    elif buyer.eu_tax_number:
        _el(_el(customer, "customerVatData"), "communityVatNumber", str(parse_eu_vat(buyer.eu_tax_number)))
    elif buyer.tax_number and (buyer.country or "HU") != "HU":
        _el(_el(customer, "customerVatData"), "thirdStateTaxId", buyer.tax_number[:50])
    _el(customer, "customerName", buyer.name)
    _address(customer, "customerAddress", buyer)


def _line(parent: etree._Element, snap: InvoiceSnapshot, line: SnapshotLine) -> None:
    el = _el(parent, "line")
    _el(el, "lineNumber", line.number)
    if line.reference is not None:
        reference = _el(el, "lineModificationReference")
        _el(reference, "lineNumberReference", line.reference)
        _el(reference, "lineOperation", "CREATE")  # NAV rejects MODIFY (INVALID_LINE_OPERATION)
    _el(el, "lineExpressionIndicator", True)
    _el(el, "lineNatureIndicator", "PRODUCT" if line.is_product else "SERVICE")
    _el(el, "lineDescription", line.name[:512] or "-")
    _el(el, "quantity", line.quantity)
    unit, own = nav_unit(line.unit)
    _el(el, "unitOfMeasure", unit)
    if own is not None:
        _el(el, "unitOfMeasureOwn", own)
    unit_price = line.unit_price_net.quantize(UNIT_PRICE_PLACES)
    _el(el, "unitPrice", unit_price)
    _el(el, "unitPriceHUF", (unit_price * snap.exchange_rate).quantize(UNIT_PRICE_PLACES))
    amounts = _el(el, "lineAmountsNormal")
    net = _el(amounts, "lineNetAmountData")
    _el(net, "lineNetAmount", line.net)
    _el(net, "lineNetAmountHUF", line.net_huf)
    _vat_rate(amounts, "lineVatRate", line.vat_code, line.vat_percent, line.vat_kind)
    vat = _el(amounts, "lineVatData")
    _el(vat, "lineVatAmount", line.vat)
    _el(vat, "lineVatAmountHUF", line.vat_huf)
    gross = _el(amounts, "lineGrossAmountData")
    _el(gross, "lineGrossAmountNormal", line.gross)
    _el(gross, "lineGrossAmountNormalHUF", line.gross_huf)


def _summary(invoice: etree._Element, snap: InvoiceSnapshot) -> None:
    summary = _el(invoice, "invoiceSummary")
    normal = _el(summary, "summaryNormal")
    for row in snap.vat_rows:
        by_rate = _el(normal, "summaryByVatRate")
        _vat_rate(by_rate, "vatRate", row.code, row.percent, row.kind)
        net_data = _el(by_rate, "vatRateNetData")
        _el(net_data, "vatRateNetAmount", row.net)
        _el(net_data, "vatRateNetAmountHUF", row.net_huf)
        vat_data = _el(by_rate, "vatRateVatData")
        _el(vat_data, "vatRateVatAmount", row.vat)
        _el(vat_data, "vatRateVatAmountHUF", row.vat_huf)
        gross_data = _el(by_rate, "vatRateGrossData")
        _el(gross_data, "vatRateGrossAmount", row.gross)
        _el(gross_data, "vatRateGrossAmountHUF", row.gross_huf)
    _el(normal, "invoiceNetAmount", snap.net_total)
    _el(normal, "invoiceNetAmountHUF", snap.net_total_huf)
    _el(normal, "invoiceVatAmount", snap.vat_total)
    _el(normal, "invoiceVatAmountHUF", snap.vat_total_huf)
    gross = _el(summary, "summaryGrossData")
    _el(gross, "invoiceGrossAmount", snap.gross_total)
    _el(gross, "invoiceGrossAmountHUF", snap.gross_total_huf)


def validate(data: bytes) -> list[str]:
    """Schema errors of an InvoiceData document ([] when valid)."""
    return schemas.errors("invoiceData.xsd", data)
