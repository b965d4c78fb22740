"""The built-in NAV test service checked from outside: authentication, tokens, processing states,
its business rules, and answers that validate against NAV's invoiceApi.xsd."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests
from lxml import etree

from app.db.database import Database
from app.nav import envelope, schemas
from app.nav.client import NavClient
from app.nav.errors import NavCredentialError, NavRequestRefused
from app.nav.records import NavUser
from app.navsandbox.server import NavTestService
from app.navsandbox.users import DEFAULT_USER as U
from app.services import nav_settings
from app.services.invoice_corrections import storno_invoice
from app.timeutil import utcnow
from tests.services.test_invoicing import TODAY, issue, make_order, set_company

USER = NavUser(U.login, U.password, U.signature_key, U.exchange_key, U.tax_number)


@pytest.fixture
def service() -> Iterator[NavTestService]:
    running = NavTestService().start()
    yield running
    running.stop()


def _client(service: NavTestService, **kw: object) -> NavClient:
    user = NavUser(**{**USER.__dict__, **kw})
    return NavClient(
        user,
        nav_settings.SOFTWARE,
        service.base_url,
        clock=lambda: utcnow() + timedelta(seconds=service.state.clock.offset),
    )


def _xml(db: Database) -> tuple[bytes, bytes]:
    """A real invoice and its storno, as the program makes them."""
    with db.issuing() as s:
        set_company(s)
        invoice = issue(s, make_order(s, [("SV-1", "27%", "2", "1270"), ("SV-2", "5%", "1", "1050")]))
        storno = storno_invoice(s, invoice.id, today=TODAY)
        return invoice.nav_xml.encode(), storno.nav_xml.encode()


def _send(client: NavClient, *items: tuple[str, bytes]) -> list:
    sent = client.submit(client.prepare_invoices(list(items)))
    return client.transaction_status(sent.transaction_id)


def _raw(service: NavTestService, operation: str, body: bytes) -> requests.Response:
    return requests.post(
        service.base_url + operation, data=body, headers={"Content-Type": "application/xml"}, timeout=10
    )


def test_every_answer_is_valid_against_invoice_api_xsd(db: Database, service: NavTestService) -> None:
    client = _client(service)
    invoice, _ = _xml(db)
    answers = []
    original = client.http.post

    def keep(*args, **kwargs):
        answer = original(*args, **kwargs)
        answers.append(answer.content)
        return answer

    client.http.post = keep  # type: ignore[method-assign]
    _send(client, ("CREATE", invoice), ("CREATE", invoice.replace(b"<lineNumber>2<", b"<lineNumber>7<")))
    client.transactions(utcnow() - timedelta(hours=1), utcnow())
    client.invoice_known("SZ-2026-00001")
    client.taxpayer("87654323")
    client.taxpayer("87654324")
    client.http.post = original  # type: ignore[method-assign]
    wrong = NavUser(**{**USER.__dict__, "password": "rossz"})
    moment = envelope.signed_time(utcnow())
    body = envelope.query_taxpayer(wrong, nav_settings.SOFTWARE, "ERR1", moment, "87654323")
    answers.append(_raw(service, "queryTaxpayer", body).content)  # a GeneralErrorResponse
    assert len(answers) == 8 and b"GeneralErrorResponse" in answers[-1]
    for body in answers:
        assert schemas.errors("invoiceApi.xsd", body) == [], body[:300]


def test_a_transaction_moves_through_received_processing_done(db: Database, service: NavTestService) -> None:
    client = _client(service)
    invoice, _ = _xml(db)
    service.set_processing(60)
    sent = client.submit(client.prepare_invoices([("CREATE", invoice)]))
    assert [r.status for r in client.transaction_status(sent.transaction_id)] == ["RECEIVED"]
    service.advance(40)
    client.clock = lambda: utcnow() + timedelta(seconds=40)
    assert [r.status for r in client.transaction_status(sent.transaction_id)] == ["PROCESSING"]
    service.advance(30)
    client.clock = lambda: utcnow() + timedelta(seconds=70)
    assert [r.status for r in client.transaction_status(sent.transaction_id)] == ["DONE"]
    original = client.transaction_status(sent.transaction_id, original=True)[0].original_request
    assert original == invoice


def test_tokens_are_single_use_and_expire(db: Database, service: NavTestService) -> None:
    client = _client(service)
    invoice, _ = _xml(db)
    prepared = client.prepare_invoices([("CREATE", invoice)])
    client.submit(prepared)
    token = etree.fromstring(prepared.body).findtext(f"{{{envelope.API_NS}}}exchangeToken")
    request_id, moment = envelope.new_request_id(utcnow()), envelope.signed_time(utcnow())
    again = envelope.manage_invoice(
        USER, nav_settings.SOFTWARE, request_id, moment, str(token), [("CREATE", invoice)]
    )
    answer = _raw(service, "manageInvoice", again)
    assert answer.status_code == 400 and b"INVALID_EXCHANGE_TOKEN" in answer.content
    late = client.prepare_invoices([("CREATE", invoice)])
    service.advance(301)
    with pytest.raises(NavRequestRefused) as refused:
        client.submit(late)
    assert refused.value.code in ("INVALID_EXCHANGE_TOKEN", "INVALID_TIMESTAMP")


def test_authentication_and_header_rules(service: NavTestService) -> None:
    with pytest.raises(NavCredentialError) as wrong_key:
        _client(service, signature_key="x" * 32).taxpayer("87654323")
    assert wrong_key.value.code == "INVALID_REQUEST_SIGNATURE"
    with pytest.raises(NavCredentialError) as other_tax:
        _client(service, tax_number="87654323").taxpayer("87654323")
    assert other_tax.value.code == "INVALID_USER_RELATION"
    with pytest.raises(NavCredentialError) as nobody:
        _client(service, login="senkisem").taxpayer("87654323")
    assert nobody.value.code == "INVALID_SECURITY_USER"
    body = envelope.query_taxpayer(
        USER, nav_settings.SOFTWARE, "FIX1", envelope.signed_time(utcnow()), "87654323"
    )
    assert _raw(service, "queryTaxpayer", body).status_code == 200
    reused = _raw(service, "queryTaxpayer", body)
    assert reused.status_code == 400 and b"REQUEST_ID_NOT_UNIQUE" in reused.content
    stale = envelope.query_taxpayer(
        USER, nav_settings.SOFTWARE, "FIX2", envelope.signed_time(utcnow() - timedelta(days=2)), "87654323"
    )
    assert b"INVALID_TIMESTAMP" in _raw(service, "queryTaxpayer", stale).content
    broken = _raw(service, "queryTaxpayer", b"<nem-xml")
    assert broken.status_code == 400 and b"INVALID_REQUEST" in broken.content
    assert _raw(service, "nincsIlyen", body).status_code == 404


def _abort_codes(client: NavClient, *items: tuple[str, bytes]) -> list[set[str]]:
    return [{m.code for m in r.messages if m.result == "ERROR"} for r in _send(client, *items)]


def test_business_rules_it_checks(db: Database, service: NavTestService) -> None:
    client = _client(service)
    invoice, storno = _xml(db)
    assert _abort_codes(client, ("STORNO", storno)) == [{"INVALID_INVOICE_REFERENCE"}], "original unknown"
    renumbered = invoice.replace(b"<lineNumber>2<", b"<lineNumber>3<")
    assert "LINE_NUMBER_NOT_SEQUENTIAL" in _abort_codes(client, ("CREATE", renumbered))[0]
    assert _abort_codes(client, ("CREATE", invoice), ("STORNO", storno)) == [set(), set()]
    assert _abort_codes(client, ("CREATE", invoice)) == [{"INVOICE_NUMBER_NOT_UNIQUE"}]
    twice = storno.replace(b"SZ-2026-00002", b"SZ-2026-00009")
    assert "MODIFICATION_INDEX_NOT_UNIQUE" in _abort_codes(client, ("STORNO", twice))[0]
    created_with_reference = storno.replace(b"SZ-2026-00002", b"SZ-2026-00010")
    assert "INVOICE_REFERENCE_NOT_EXPECTED" in _abort_codes(client, ("CREATE", created_with_reference))[0]
    no_tax = etree.fromstring(invoice.replace(b"SZ-2026-00001", b"SZ-2026-00011"))
    vat_data = no_tax.find(".//{http://schemas.nav.gov.hu/OSA/3.0/data}customerVatData")
    assert vat_data is not None
    vat_data.getparent().remove(vat_data)  # type: ignore[union-attr]
    assert (
        "MISSING_CUSTOMER_DOMESTIC_TAXNUMBER" in _abort_codes(client, ("CREATE", etree.tostring(no_tax)))[0]
    )
    off = invoice.replace(b"SZ-2026-00001", b"SZ-2026-00012").replace(
        b"<invoiceVatAmount>", b"<invoiceVatAmount>9"
    )
    results = _send(client, ("CREATE", off))
    assert results[0].status == "DONE", "a wrong sum is a warning, not a rejection"
    assert any(m.result == "WARN" for m in results[0].messages)
    schema_bad = base64.b64encode(b"<InvoiceData xmlns='http://schemas.nav.gov.hu/OSA/3.0/data'/>")
    assert _abort_codes(client, ("CREATE", base64.b64decode(schema_bad))) == [{"SCHEMA_VIOLATION"}]


def test_taxpayer_answers_follow_the_check_digit_unless_marked(service: NavTestService) -> None:
    client = _client(service)
    good = client.taxpayer("87654323")
    assert good.valid and good.name and good.address
    assert not client.taxpayer("87654324").valid, "a wrong check digit is not a taxpayer"
    service.service.mark_taxpayer("87654323", "invalid")
    assert not client.taxpayer("87654323").valid
