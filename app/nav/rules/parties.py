"""NAV's rules on the seller and the buyer: customer status and the data each status allows."""

from __future__ import annotations

from collections.abc import Callable

from app.nav.rules.model import Invoice
from app.values.tax_numbers import COUNTY_CODES, check_digit

Report = Callable[[str, str], None]


def _base_ok(base: str) -> bool:
    return len(base) == 8 and base.isdigit() and check_digit(base[:7]) == int(base[7])


def check_supplier(invoice: Invoice, supplier_tax_number: str | None, report: Report, warn: Report) -> None:
    supplier = invoice.supplier
    if supplier_tax_number and supplier.tax_base != supplier_tax_number[:8]:
        report("SUPPLIER_TAX_NUMBER_MISMATCH", "")
    if supplier.vat_code == "4":
        warn("INCORRECT_VAT_CODE_SUPPLIER", "")
    if supplier.county and supplier.county not in COUNTY_CODES:
        warn("INCORRECT_COUNTY_CODE_SUPPLIER", "")
    if supplier.community and supplier.community[2:] != supplier.tax_base:
        warn("INCORRECT_HEAD_DATA_SUPPLIER_COMMUNITY_VAT_NUMBER", "")


def check_customer(invoice: Invoice, operation: str, report: Report, warn: Report) -> None:
    customer = invoice.customer
    if customer is None:
        if operation == "CREATE":
            report("CUSTOMER_INFO_MISSING", "")
        return
    status = customer.status
    if status == "PRIVATE_PERSON":
        if customer.has_vat_data or customer.name or customer.has_address:
            report("CUSTOMER_DATA_NOT_EXPECTED", "")
        return
    if not customer.name or not customer.has_address:
        report("CUSTOMER_DATA_EXPECTED", "")
    if status == "DOMESTIC":
        if not customer.tax_base:
            report("MISSING_CUSTOMER_DOMESTIC_TAXNUMBER", "")
        if customer.community:
            report("CUSTOMER_COMMUNITY_TAXNUMBER_NOT_EXPECTED", "")
        if customer.third_state:
            report("CUSTOMER_THIRD_STATE_TAXNUMBER_NOT_EXPECTED", "")
        if customer.tax_base and not _base_ok(customer.tax_base):
            warn("INCORRECT_HEAD_DATA_CUSTOMER_TAX_NUMBER", "")
        if customer.vat_code == "4":
            warn("INCORRECT_VAT_CODE_CUSTOMER", "")
        if customer.county and customer.county not in COUNTY_CODES:
            warn("INCORRECT_COUNTY_CODE_CUSTOMER", "")
    supplier = invoice.supplier
    if customer.tax_base and customer.tax_base == supplier.tax_base:
        warn("SUPPLIER_CUSTOMER_MATCH_TAXPAYER", "")
    if customer.name and customer.name.casefold() == supplier.name.casefold():
        warn("SUPPLIER_CUSTOMER_MATCH_NAME", "")
    if customer.bank_account and customer.bank_account == supplier.bank_account:
        warn("SUPPLIER_CUSTOMER_MATCH_BANKACCOUNT", "")
