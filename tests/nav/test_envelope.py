"""Every request we build validates against NAV's invoiceApi.xsd, and is signed over what it holds."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from app.nav import crypto, envelope, schemas
from app.nav.records import NavUser, Software

USER = NavUser(
    "bolthidteszt1", "Jelszo-123", "ab-cd12-34567890abcdef0123456789", "0123456789abcdef", "12345676"
)
SOFTWARE = Software("HU-BOLTHID-DESKTOP", "Bolthíd", "0.4", "Bolthíd fejlesztők", "fejlesztes@example.hu")
MOMENT = datetime(2026, 12, 1, 9, 30, 15, 123456, tzinfo=UTC)
C = {"c": "http://schemas.nav.gov.hu/NTCA/1.0/common", "a": envelope.API_NS}
INVOICE = (Path(__file__).resolve().parents[1] / "fixtures" / "nav" / "manageInvoice.xml").read_bytes()


def _invoice_data() -> bytes:
    first = str(etree.fromstring(INVOICE).findtext(".//a:invoiceData", namespaces=C))
    return base64.b64decode(first)


def _requests() -> dict[str, bytes]:
    rid, at = envelope.new_request_id(MOMENT), envelope.signed_time(MOMENT)
    data = _invoice_data()
    return {
        "token": envelope.token_exchange(USER, SOFTWARE, rid, at),
        "manage": envelope.manage_invoice(
            USER, SOFTWARE, rid, at, "tok-1", [("CREATE", data), ("STORNO", data)]
        ),
        "annul": envelope.manage_annulment(
            USER,
            SOFTWARE,
            rid,
            at,
            "tok-2",
            [envelope.invoice_annulment("SZ-2026-00001", at, "ERRATIC_DATA", "x")],
        ),
        "status": envelope.query_transaction_status(USER, SOFTWARE, rid, at, "4Q2M7T", original=True),
        "list": envelope.query_transaction_list(USER, SOFTWARE, rid, at, MOMENT.replace(hour=8), MOMENT),
        "check": envelope.query_invoice_check(USER, SOFTWARE, rid, at, "SZ-2026-00001"),
        "taxpayer": envelope.query_taxpayer(USER, SOFTWARE, rid, at, "87654323"),
    }


@pytest.mark.parametrize("kind", ["token", "manage", "annul", "status", "list", "check", "taxpayer"])
def test_every_request_is_schema_valid(kind: str) -> None:
    assert schemas.errors("invoiceApi.xsd", _requests()[kind]) == []


@pytest.mark.parametrize(
    "sample", sorted(p.name for p in (Path(__file__).resolve().parents[1] / "fixtures" / "nav").glob("*.xml"))
)
def test_navs_own_samples_validate_with_our_schema_loader(sample: str) -> None:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "nav" / sample
    assert schemas.errors("invoiceApi.xsd", path.read_bytes()) == []


def test_the_manage_request_is_signed_over_its_items_and_header() -> None:
    root = etree.fromstring(_requests()["manage"])
    rid = str(root.findtext(".//c:requestId", namespaces=C))
    assert root.findtext(".//c:timestamp", namespaces=C) == "2026-12-01T09:30:15.123Z"
    items = [
        (str(i.findtext("a:invoiceOperation", namespaces=C)), str(i.findtext("a:invoiceData", namespaces=C)))
        for i in root.iterfind(".//a:invoiceOperation[a:index]", C)
    ]
    assert [
        i.findtext("a:index", namespaces=C) for i in root.iterfind(".//a:invoiceOperation[a:index]", C)
    ] == ["1", "2"]
    expected = crypto.request_signature(rid, MOMENT, USER.signature_key, items)
    assert root.findtext(".//c:requestSignature", namespaces=C) == expected
    password = root.find(".//c:passwordHash", C)
    assert password is not None and password.get("cryptoType") == "SHA-512"
    assert "Jelszo-123" not in etree.tostring(root).decode() and "Jelszo-123" not in repr(USER)


def test_request_ids_are_unique_and_fit_navs_pattern() -> None:
    ids = {envelope.new_request_id(MOMENT) for _ in range(500)}
    assert len(ids) == 500 and all(len(i) <= 30 and i.isalnum() for i in ids)


def test_a_manage_request_holds_one_to_a_hundred_invoices() -> None:
    with pytest.raises(ValueError):
        envelope.manage_invoice(USER, SOFTWARE, "R1", MOMENT, "t", [])
    with pytest.raises(ValueError):
        envelope.manage_invoice(USER, SOFTWARE, "R1", MOMENT, "t", [("CREATE", b"<x/>")] * 101)
