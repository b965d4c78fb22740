"""NAV Online Számla 3.0 ``InvoiceData`` XML of an invoice or storno, checked against the official XSDs.

Private buyers are PRIVATE_PERSON without tax number, name or address (as the law requires);
exempt and out-of-scope codes are ``vatExemption`` / ``vatOutOfScope`` with their case code, never
a 0% rate. A storno is a modification document: ``invoiceReference`` to the original and lines
that continue its numbering with ``lineOperation`` CREATE and negated amounts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from lxml import etree

from app import paths
from app.db.company import Company
from app.db.documents import Document, DocumentLine
from app.errors import ValidationError
from app.money import HUF, round_money

DATA_NS = "http://schemas.nav.gov.hu/OSA/3.0/data"
BASE_NS = "http://schemas.nav.gov.hu/OSA/3.0/base"
COMMON_NS = "http://schemas.nav.gov.hu/NTCA/1.0/common"
NSMAP = {None: DATA_NS, "base": BASE_NS, "common": COMMON_NS}
SCHEMA_DIR = paths.resources_dir() / "nav"

EXEMPT_CODES = {"AAM", "TAM", "KBAET", "KBAUK", "EAM", "NAM"}
OUT_OF_SCOPE_CODES = {"ATK", "EUFAD37", "EUFADE", "EUE", "HO"}
PAYMENT_METHODS = {"transfer": "TRANSFER", "cash": "CASH", "card": "CARD", "voucher": "VOUCHER"}
TAX_NUMBER = re.compile(r"^(\d{8})(?:-?(\d)-?(\d{2}))?$")


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


def _tax_number(parent: etree._Element, tag: str, raw: str) -> None:
    found = TAX_NUMBER.match(raw.replace(" ", ""))
    if not found:
        raise ValidationError(
            f"Az adószám formátuma hibás: „{raw}” (helyesen: 12345678-1-23).", "bad tax number"
        )
    number = _el(parent, tag)
    _el(number, "taxpayerId", found.group(1), BASE_NS)
    if found.group(2):
        _el(number, "vatCode", found.group(2), BASE_NS)
        _el(number, "countyCode", found.group(3), BASE_NS)


def _address(parent: etree._Element, tag: str, country: str, postal: str, city: str, street: str) -> None:
    simple = _el(_el(parent, tag), "simpleAddress", ns=BASE_NS)
    _el(simple, "countryCode", (country or "HU").upper(), BASE_NS)
    _el(simple, "postalCode", postal or "0000", BASE_NS)
    _el(simple, "city", city or "-", BASE_NS)
    _el(simple, "additionalAddressDetail", street or "-", BASE_NS)


def _vat_rate(parent: etree._Element, tag: str, code: str, percent: Decimal, reason: str) -> None:
    rate = _el(parent, tag)
    if code in EXEMPT_CODES or code in OUT_OF_SCOPE_CODES:
        detail = _el(rate, "vatExemption" if code in EXEMPT_CODES else "vatOutOfScope")
        _el(detail, "case", code)
        _el(detail, "reason", (reason or code)[:200])
    else:
        _el(rate, "vatPercentage", (percent / 100).quantize(Decimal("0.0001")))


def _huf(amount: Decimal, doc: Document) -> Decimal:
    return amount if doc.currency == HUF else round_money(amount * doc.exchange_rate, HUF)


def invoice_data_xml(doc: Document, company: Company, original: Document | None = None) -> bytes:
    """The InvoiceData document; raises ValidationError with Hungarian messages if it is not valid."""
    root = etree.Element(f"{{{DATA_NS}}}InvoiceData", nsmap=NSMAP)  # type: ignore[arg-type]
    _el(root, "invoiceNumber", doc.number)
    _el(root, "invoiceIssueDate", doc.issue_date.isoformat())
    _el(root, "completenessIndicator", False)
    invoice = _el(_el(root, "invoiceMain"), "invoice")
    if original is not None:
        reference = _el(invoice, "invoiceReference")
        _el(reference, "originalInvoiceNumber", original.number)
        _el(reference, "modifyWithoutMaster", False)
        _el(reference, "modificationIndex", 1)
    head = _el(invoice, "invoiceHead")
    supplier = _el(head, "supplierInfo")
    if not company.tax_number or not company.name:
        raise ValidationError(
            "A számlához hiányoznak a saját cégadatok (név, adószám): Törzsadatok › Saját cégadatok.",
            "company data missing",
        )
    _tax_number(supplier, "supplierTaxNumber", company.tax_number)
    _el(supplier, "supplierName", company.name)
    _address(supplier, "supplierAddress", company.country, company.postal_code, company.city, company.street)
    if company.bank_account:
        _el(supplier, "supplierBankAccountNumber", company.bank_account)
    _customer(head, doc)
    detail = _el(head, "invoiceDetail")
    _el(detail, "invoiceCategory", "NORMAL")
    _el(detail, "invoiceDeliveryDate", (doc.fulfilment_date or doc.issue_date).isoformat())
    _el(detail, "currencyCode", doc.currency)
    _el(
        detail,
        "exchangeRate",
        Decimal(1) if doc.currency == HUF else doc.exchange_rate.quantize(Decimal("0.000001")),
    )
    _el(detail, "paymentMethod", _payment_method(doc))
    if doc.due_date:
        _el(detail, "paymentDate", doc.due_date.isoformat())
    _el(detail, "invoiceAppearance", "PAPER")
    _lines(invoice, doc, original)
    _summary(invoice, doc)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    problems = validate(data)
    if problems:
        raise ValidationError(
            "A számla NAV-adatai nem felelnek meg a NAV sémájának; a számla nem készült el.",
            "\n".join(problems),
        )
    return data


def _customer(head: etree._Element, doc: Document) -> None:
    customer = _el(head, "customerInfo")
    if doc.customer_is_private and not doc.customer_tax_number:
        _el(customer, "customerVatStatus", "PRIVATE_PERSON")
        return
    domestic = (doc.billing_country or "HU").upper() == "HU"
    _el(customer, "customerVatStatus", "DOMESTIC" if domestic else "OTHER")
    if domestic and doc.customer_tax_number:
        _tax_number(_el(customer, "customerVatData"), "customerTaxNumber", doc.customer_tax_number)
    elif doc.customer_eu_tax_number:
        _el(
            _el(customer, "customerVatData"),
            "communityVatNumber",
            doc.customer_eu_tax_number.replace(" ", ""),
        )
    _el(customer, "customerName", doc.customer_name or "-")
    _address(
        customer,
        "customerAddress",
        doc.billing_country,
        doc.billing_postal_code,
        doc.billing_city,
        doc.billing_street,
    )


def _payment_method(doc: Document) -> str:
    method = doc.payment_method
    if method is None:
        return "OTHER"
    if method.is_cash:
        return "CASH"
    name = method.name.lower()
    if "kártya" in name or "card" in name:
        return "CARD"
    if "utal" in name:
        return "TRANSFER"
    return "OTHER"


def _lines(invoice: etree._Element, doc: Document, original: Document | None) -> None:
    lines = _el(invoice, "invoiceLines")
    _el(lines, "mergedItemIndicator", False)
    offset = len(original.lines) if original is not None else 0
    for line in doc.lines:
        _line(lines, doc, line, offset)


def _line(parent: etree._Element, doc: Document, line: DocumentLine, offset: int) -> None:
    el = _el(parent, "line")
    _el(el, "lineNumber", line.position + offset)
    if offset:
        reference = _el(el, "lineModificationReference")
        _el(reference, "lineNumberReference", line.position + offset)
        _el(reference, "lineOperation", "CREATE")
    _el(el, "lineExpressionIndicator", True)
    _el(el, "lineNatureIndicator", "PRODUCT" if line.stock_item else "SERVICE")
    _el(el, "lineDescription", line.name[:512] or "-")
    _el(el, "quantity", line.quantity)
    if line.unit.strip().lower() == "db":
        _el(el, "unitOfMeasure", "PIECE")
    else:
        _el(el, "unitOfMeasure", "OWN")
        _el(el, "unitOfMeasureOwn", line.unit[:50] or "-")
    unit_net = line.net_amount / line.quantity if line.quantity else Decimal(0)
    unit_net = unit_net.quantize(Decimal("0.01"))
    _el(el, "unitPrice", unit_net)
    _el(el, "unitPriceHUF", _huf(unit_net, doc))
    amounts = _el(el, "lineAmountsNormal")
    net = _el(amounts, "lineNetAmountData")
    _el(net, "lineNetAmount", line.net_amount)
    _el(net, "lineNetAmountHUF", _huf(line.net_amount, doc))
    _vat_rate(amounts, "lineVatRate", line.vat_code, line.vat_percent, _reason(line.vat_code))
    vat = _el(amounts, "lineVatData")
    _el(vat, "lineVatAmount", line.vat_amount)
    _el(vat, "lineVatAmountHUF", _huf(line.vat_amount, doc))
    gross = _el(amounts, "lineGrossAmountData")
    _el(gross, "lineGrossAmountNormal", line.gross_amount)
    _el(gross, "lineGrossAmountNormalHUF", _huf(line.gross_amount, doc))


REASONS = {
    "AAM": "Alanyi adómentes",
    "TAM": "Tárgyi adómentes",
    "KBAET": "Közösségen belüli adómentes termékértékesítés",
    "EAM": "Termékexport harmadik országba",
    "NAM": "Egyéb nemzetközi ügylethez kapcsolódó adómentesség",
    "ATK": "Áfa tv. tárgyi hatályán kívüli ügylet",
    "EUFAD37": "Áfa tv. 37. § (1) alapján más tagállamban teljesített szolgáltatás",
    "EUFADE": "Más tagállamban teljesített, nem az Áfa tv. 37. § (1) alá eső ügylet",
    "EUE": "Más tagállamban teljesített ügylet",
    "HO": "Harmadik országban teljesített ügylet",
}


def _reason(code: str) -> str:
    return REASONS.get(code, code)


def _summary(invoice: etree._Element, doc: Document) -> None:
    summary = _el(invoice, "invoiceSummary")
    normal = _el(summary, "summaryNormal")
    rows: dict[str, list[Decimal]] = {}
    percents: dict[str, Decimal] = {}
    for line in doc.lines:
        row = rows.setdefault(line.vat_code, [Decimal(0)] * 6)
        percents[line.vat_code] = line.vat_percent
        for i, value in enumerate(
            (
                line.net_amount,
                _huf(line.net_amount, doc),
                line.vat_amount,
                _huf(line.vat_amount, doc),
                line.gross_amount,
                _huf(line.gross_amount, doc),
            )
        ):
            row[i] += value
    for code, (net, net_huf, vat, vat_huf, gross, gross_huf) in rows.items():
        by_rate = _el(normal, "summaryByVatRate")
        _vat_rate(by_rate, "vatRate", code, percents[code], _reason(code))
        net_data = _el(by_rate, "vatRateNetData")
        _el(net_data, "vatRateNetAmount", net)
        _el(net_data, "vatRateNetAmountHUF", net_huf)
        vat_data = _el(by_rate, "vatRateVatData")
        _el(vat_data, "vatRateVatAmount", vat)
        _el(vat_data, "vatRateVatAmountHUF", vat_huf)
        gross_data = _el(by_rate, "vatRateGrossData")
        _el(gross_data, "vatRateGrossAmount", gross)
        _el(gross_data, "vatRateGrossAmountHUF", gross_huf)
    _el(normal, "invoiceNetAmount", doc.net_total)
    _el(normal, "invoiceNetAmountHUF", sum((r[1] for r in rows.values()), Decimal(0)))
    _el(normal, "invoiceVatAmount", doc.vat_total)
    _el(normal, "invoiceVatAmountHUF", sum((r[3] for r in rows.values()), Decimal(0)))
    gross_data = _el(summary, "summaryGrossData")
    _el(gross_data, "invoiceGrossAmount", doc.gross_total)
    _el(gross_data, "invoiceGrossAmountHUF", sum((r[5] for r in rows.values()), Decimal(0)))


@cache
def _schema() -> etree.XMLSchema:
    # NAV's imports name only namespaces; the local files are filled in before compiling
    # (see resources/nav/README.md).
    files = {
        COMMON_NS: "common.xsd",
        BASE_NS: "invoiceBase.xsd",
        DATA_NS: "invoiceData.xsd",
    }
    doc = etree.parse(str(SCHEMA_DIR / "invoiceData.xsd"))
    for imp in doc.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        if imp.get("schemaLocation") is None:
            imp.set("schemaLocation", files[imp.get("namespace") or ""])
    return etree.XMLSchema(doc)


def validate(data: bytes) -> list[str]:
    """Schema errors of an InvoiceData document ([] when valid)."""
    schema = _schema()
    tree = etree.fromstring(data).getroottree()
    if schema.validate(tree):
        return []
    return [f"{e.line}. sor: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
