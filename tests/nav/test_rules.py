"""NAV's business rules catch what NAV rejects or warns about (each rule shown failing once)."""

from __future__ import annotations

import re

import pytest

from app.db.database import Database
from app.nav import rules
from tests.services.test_invoicing import TODAY, issue, make_order, set_company


@pytest.fixture
def invoices(db: Database) -> dict[str, bytes]:
    with db.transaction() as s:
        set_company(s)
        company = issue(s, make_order(s, [("A-27", "27%", "2", "1270"), ("B-5", "5%", "1", "1050")]))
        private = issue(
            s, make_order(s, [("C-27", "27%", "1", "2540")], customer="Kiss Éva", tax_number="", private=True)
        )
        return {"company": company.nav_xml.encode(), "private": private.nav_xml.encode()}


def _codes(xml: bytes, operation: str = "CREATE") -> set[str]:
    return {f.code for f in rules.check(xml, operation, today=TODAY)}


def _sub(xml: bytes, pattern: str, replacement: str) -> bytes:
    changed, count = re.subn(pattern.encode(), replacement.encode(), xml, count=1, flags=re.S)
    assert count == 1, pattern
    return changed


def test_our_invoices_pass(invoices: dict[str, bytes]) -> None:
    assert _codes(invoices["company"]) == set() and _codes(invoices["private"]) == set()


def test_buyer_status_rules(invoices: dict[str, bytes]) -> None:
    private = invoices["private"]
    named = _sub(
        private, r"</customerVatStatus>", "</customerVatStatus><customerName>Kiss Éva</customerName>"
    )
    assert "CUSTOMER_DATA_NOT_EXPECTED" in _codes(named)
    company = invoices["company"]
    no_number = _sub(company, r"<customerVatData>.*?</customerVatData>", "")
    assert "MISSING_CUSTOMER_DOMESTIC_TAXNUMBER" in _codes(no_number)
    eu = _sub(
        company,
        r"<customerVatData>.*?</customerVatData>",
        "<customerVatData><communityVatNumber>HU87654323</communityVatNumber></customerVatData>",
    )
    assert "CUSTOMER_COMMUNITY_TAXNUMBER_NOT_EXPECTED" in _codes(eu)
    nameless = _sub(company, r"<customerName>.*?</customerName>", "")
    assert "CUSTOMER_DATA_EXPECTED" in _codes(nameless)
    wrong_digit = _sub(
        company, r"<base:taxpayerId>87654323</base:taxpayerId>", "<base:taxpayerId>87654321</base:taxpayerId>"
    )
    assert "INCORRECT_HEAD_DATA_CUSTOMER_TAX_NUMBER" in _codes(wrong_digit)


def test_amount_rules_and_their_tolerance(invoices: dict[str, bytes]) -> None:
    xml = invoices["company"]
    # The first line's net is 2000 (2 × 1000): one forint off is within NAV's tolerance, 50 is not.
    one_off = _codes(_sub(xml, r"<lineNetAmount>2000</lineNetAmount>", "<lineNetAmount>2001</lineNetAmount>"))
    assert "INCORRECT_LINE_CALCULATION_NET_AMOUNT" not in one_off
    off = _codes(_sub(xml, r"<lineNetAmount>2000</lineNetAmount>", "<lineNetAmount>2050</lineNetAmount>"))
    assert {
        "INCORRECT_LINE_CALCULATION_NET_AMOUNT",
        "INCORRECT_SUMMARY_CALCULATION_VAT_RATE_NET_AMOUNT_LINE",
    } <= off
    vat = _codes(
        _sub(xml, r"<vatRateVatAmount>540</vatRateVatAmount>", "<vatRateVatAmount>560</vatRateVatAmount>")
    )
    assert "INCORRECT_SUMMARY_CALCULATION_VAT_RATE_VAT_AMOUNT_SUMMARY" in vat
    huf = _codes(
        _sub(
            xml,
            r"<invoiceVatAmountHUF>(\d+)</invoiceVatAmountHUF>",
            "<invoiceVatAmountHUF>1</invoiceVatAmountHUF>",
        )
    )
    assert "INCORRECT_SUMMARY_DATA_INVOICE_VAT_AMOUNT_HUF" in huf
    rate = _codes(_sub(xml, r"<vatPercentage>0.27</vatPercentage>", "<vatPercentage>0.25</vatPercentage>"))
    assert "INVALID_VAT_DATA" in rate


def test_the_messages_are_navs_own_hungarian_texts(invoices: dict[str, bytes]) -> None:
    xml = _sub(invoices["company"], r"<customerVatData>.*?</customerVatData>", "")
    [finding] = [f for f in rules.check(xml, today=TODAY) if f.code == "MISSING_CUSTOMER_DOMESTIC_TAXNUMBER"]
    assert finding.severity == rules.ERROR and finding.message == "Vevő belföldi adószám hiányzik."
