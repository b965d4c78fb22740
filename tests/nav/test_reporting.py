"""Invoices reported to the built-in NAV service over HTTP, on SQLite and PostgreSQL: issued →
DONE, corrections with their references, batches, rejections fixed and resent, NAV down, lost
answers, wrong keys – each invoice reported exactly once."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.nav import NavProfile, NavReport
from app.navsandbox.server import NavTestService
from app.navsandbox.users import TechnicalUser
from app.services import nav_outbox
from app.services.invoice_corrections import LineChange, modify_invoice, storno_invoice
from app.sync.nav_sender import send_reports
from tests.nav.conftest import Clocks, set_up_nav
from tests.services.test_invoicing import TODAY, issue, make_order, set_company


def _invoice(db: Database, code: str = "NAV-1", lines: list[tuple[str, str, str, str]] | None = None) -> str:
    with db.issuing() as s:
        set_company(s)
        invoice = issue(
            s, make_order(s, lines or [(code, "27%", "2", "1270"), (f"{code}-K", "5%", "1", "1050")])
        )
        return invoice.number


def _rows(db: Database) -> dict[str, NavReport]:
    with db.reading() as s:
        rows = {r.invoice_number: r for r in s.scalars(select(NavReport))}
        for r in rows.values():
            s.expunge(r)
        return rows


def _received(service: NavTestService) -> list[tuple[str, str, str]]:
    """(number, operation, status) of every invoice the service received, in order."""
    return [(i["number"], i["operation"], i["status"]) for t in service.received() for i in t["items"]]


def test_an_invoice_is_reported_and_accepted(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    number = _invoice(db)
    assert _rows(db)[number].state == "waiting", "the report is written with the invoice"
    set_up_nav(db, creds, nav_service)
    result = send_reports(db, creds, clock=clocks.now)
    row = _rows(db)[number]
    assert (result.sent, result.done, row.state, row.nav_status) == (1, 1, "done", "DONE")
    assert row.transaction_id and row.transaction_id == nav_service.received()[0]["transaction_id"]
    assert _received(nav_service) == [(number, "CREATE", "DONE")]
    with db.reading() as s:
        assert nav_outbox.report_of(s, row.document_id).label == "Befogadva"  # type: ignore[union-attr]
        assert nav_outbox.status(s, clocks.now()).text == ""


def test_storno_and_modification_go_with_their_references(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    set_up_nav(db, creds, nav_service)
    with db.issuing() as s:
        set_company(s)
        first = issue(s, make_order(s, [("M-1", "27%", "3", "1270"), ("M-2", "5%", "2", "1050")]))
        modification = modify_invoice(s, first.id, [LineChange(2, returned=D(1))], today=TODAY)
        storno = storno_invoice(s, first.id, today=TODAY)
        numbers = (first.number, modification.number, storno.number)
    result = send_reports(db, creds, clock=clocks.now)
    # One request, the original first: NAV accepts the chain only in this order.
    assert len(nav_service.received()) == 1 and result.done == 3
    assert _received(nav_service) == [
        (numbers[0], "CREATE", "DONE"),
        (numbers[1], "MODIFY", "DONE"),
        (numbers[2], "STORNO", "DONE"),
    ]
    known = nav_service.state.invoices
    assert {(k.number, k.original, k.modification_index) for k in known.values()} == {
        (numbers[0], "", 0),
        (numbers[1], numbers[0], 1),
        (numbers[2], numbers[0], 2),
    }


def test_150_invoices_go_in_two_requests(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    with db.issuing() as s:
        set_company(s)
        for n in range(150):
            issue(s, make_order(s, [(f"T{n}", "27%", "1", str(1000 + n))]))
    set_up_nav(db, creds, nav_service)
    result = send_reports(db, creds, clock=clocks.now)
    assert [len(t["items"]) for t in nav_service.received()] == [100, 50]
    assert (result.sent, result.done, result.open_left) == (150, 150, 0)
    assert nav_service.calls["manageInvoice"] == 2 and nav_service.calls["tokenExchange"] == 2


def test_a_rejection_shows_navs_message_and_goes_again_under_the_same_number(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    # The user entered the technical user of another company (their accountant's, say).
    other = TechnicalUser(
        "masikceg01", "Masik-Jelszo-1", "mk-0000-masik-alairokulcs-0000000", "MASIKCEGCSEREKUL", "87654323"
    )
    nav_service.add_user(other)
    set_up_nav(db, creds, nav_service, user=other)
    number = _invoice(db)
    result = send_reports(db, creds, clock=clocks.now)
    row = _rows(db)[number]
    assert (result.aborted, row.state) == (1, "aborted")
    with db.reading() as s:
        shown = nav_outbox.report_of(s, row.document_id)
        assert shown is not None and shown.label == "Elutasítva"
        assert shown.messages[0]["code"] == "SUPPLIER_TAX_NUMBER_MISMATCH"
        assert shown.messages[0]["text"] == (
            "Az eladó adószáma nem azonos az API XML-ben megadott, authentikált adószámmal."
        )
        assert shown.messages[0]["tag"] == "supplierTaxNumber"
        assert "NAV beállítás" in shown.hint and "ugyanazzal a sorszámmal" in shown.hint
        assert "Elutasítva" in nav_outbox.status(s, clocks.now()).text or nav_outbox.status(s).rejected == 1
    set_up_nav(db, creds, nav_service)  # the company's own technical user
    with db.transaction() as s:
        nav_outbox.resend(s, row.document_id)
    send_reports(db, creds, clock=clocks.now)
    assert _rows(db)[number].state == "done"
    assert _received(nav_service) == [(number, "CREATE", "ABORTED"), (number, "CREATE", "DONE")]


def test_a_correction_never_goes_before_its_original(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    other = TechnicalUser(
        "masikceg01", "Masik-Jelszo-1", "mk-0000-masik-alairokulcs-0000000", "MASIKCEGCSEREKUL", "87654323"
    )
    nav_service.add_user(other)
    set_up_nav(db, creds, nav_service, user=other)
    number = _invoice(db)
    send_reports(db, creds, clock=clocks.now)  # rejected: wrong taxpayer
    with db.issuing() as s:
        original = s.scalar(select(NavReport.document_id).where(NavReport.invoice_number == number))
        assert original is not None
        storno = storno_invoice(s, original, today=TODAY).number
    send_reports(db, creds, clock=clocks.now)
    rows = _rows(db)
    assert rows[storno].state == "waiting" and "eredeti számla befogadására vár" in rows[storno].note
    set_up_nav(db, creds, nav_service)
    with db.transaction() as s:
        nav_outbox.resend(s, original)
    send_reports(db, creds, clock=clocks.now)
    assert (_rows(db)[number].state, _rows(db)[storno].state) == ("done", "done")
    assert [op for _n, op, st in _received(nav_service) if st == "DONE"] == ["CREATE", "STORNO"]


def test_nav_down_invoicing_goes_on_and_reports_follow(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    set_up_nav(db, creds, nav_service)
    nav_service.inject("maintenance", count=100)
    first = _invoice(db, "LE-1")
    result = send_reports(db, creds, clock=clocks.now)
    assert result.sent == 0 and any("karbantartás" in e for e in result.errors)
    row = _rows(db)[first]
    assert row.state == "waiting"
    with db.reading() as s:
        profile = s.get(NavProfile, "main")
        assert profile is not None and profile.retry_at is not None and profile.failures == 1
    second = _invoice(db, "LE-2")
    calls = sum(nav_service.calls.values())
    send_reports(db, creds, clock=clocks.now)  # backing off: NAV is not asked again yet
    assert sum(nav_service.calls.values()) == calls
    nav_service.faults.clear()
    clocks.advance(16 * 60)
    result = send_reports(db, creds, clock=clocks.now)
    assert (result.done, _rows(db)[first].state, _rows(db)[second].state) == (2, "done", "done")


def test_no_network_is_a_wait_not_a_failure(db: Database, creds: CredentialStore, clocks: Clocks) -> None:
    gone = NavTestService().start()
    set_up_nav(db, creds, gone)
    gone.stop()  # the address no longer answers
    number = _invoice(db)
    result = send_reports(db, creds, clock=clocks.now)
    assert result.errors and "nem érhető el" in result.errors[0]
    row = _rows(db)[number]
    assert (row.state, row.request_id) == ("waiting", "")


def test_a_wrong_signature_key_stops_sending_until_the_settings_change(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    set_up_nav(db, creds, nav_service, signature_key="rossz-alairokulcs-0000000000000000")
    number = _invoice(db)
    result = send_reports(db, creds, clock=clocks.now)
    assert any("aláírókulcs hibás" in e for e in result.errors)
    with db.reading() as s:
        profile = s.get(NavProfile, "main")
        assert profile is not None and "aláírókulcs" in profile.stopped_reason
    asked = dict(nav_service.calls)
    for _ in range(5):
        clocks.advance(3600)
        again = send_reports(db, creds, clock=clocks.now)
        assert any("szünetel" in h for h in again.held)
    assert nav_service.calls == asked, "no retry storm: NAV is not asked with known-bad keys"
    set_up_nav(db, creds, nav_service)  # corrected
    assert send_reports(db, creds, clock=clocks.now).done == 1 and _rows(db)[number].state == "done"


def test_a_lost_answer_is_looked_up_not_sent_twice(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    set_up_nav(db, creds, nav_service)
    nav_service.inject("drop", operation="manageInvoice")  # taken by NAV, answer lost
    number = _invoice(db)
    result = send_reports(db, creds, clock=clocks.now)
    row = _rows(db)[number]
    assert (row.state, row.transaction_id) == ("sending", "") and row.request_id
    clocks.advance(60)
    send_reports(db, creds, clock=clocks.now)  # within 5 minutes: nothing is resent
    assert nav_service.calls["manageInvoice"] == 1
    clocks.advance(5 * 60)
    result = send_reports(db, creds, clock=clocks.now)
    row = _rows(db)[number]
    assert (result.recovered, row.state, nav_service.calls["manageInvoice"]) == (1, "done", 1)
    assert row.transaction_id == nav_service.received()[0]["transaction_id"]
    assert "megtalálva" in row.note


def test_a_request_that_never_arrived_is_sent_again(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    set_up_nav(db, creds, nav_service)
    nav_service.inject("http500", operation="manageInvoice")  # a gateway error: did NAV take it?
    number = _invoice(db)
    send_reports(db, creds, clock=clocks.now)
    assert _rows(db)[number].state == "sending"
    clocks.advance(6 * 60)
    result = send_reports(db, creds, clock=clocks.now)
    assert (result.resent_after_loss, _rows(db)[number].state) == (1, "done")
    assert _received(nav_service) == [(number, "CREATE", "DONE")], "sent again only once NAV had none"


def test_live_invoices_wait_while_the_setting_is_test(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    set_up_nav(db, creds, nav_service, environment="test")
    number = _invoice(db)
    result = send_reports(db, creds, clock=clocks.now)
    assert result.sent == 0 and any("tesztkörnyezetre mutat" in h for h in result.held)
    assert "tesztkörnyezetre mutat" in _rows(db)[number].last_error
    assert nav_service.received() == []
    clocks.advance(25 * 3600)
    with db.reading() as s:
        shown = nav_outbox.status(s, clocks.now())
    assert shown.level == "red" and "haladéktalanul" in shown.text


def test_a_restored_database_never_issues_a_number_nav_knows(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks, tmp_path
) -> None:
    from app.bootstrap import open_database

    set_up_nav(db, creds, nav_service)
    numbers = [_invoice(db, f"R{n}") for n in range(3)]
    send_reports(db, creds, clock=clocks.now)
    # The same company on a database from before those three invoices (a restored backup).
    older = open_database(f"sqlite:///{(tmp_path / 'regi.sqlite').as_posix()}")
    try:
        set_up_nav(older, creds, nav_service)
        send_reports(older, creds, clock=clocks.now)
        issued = _invoice(older, "UJ")
        assert issued not in numbers and issued.endswith("00004")
        with older.reading() as s:
            assert "SZ-2026-00001–SZ-2026-00003" in nav_outbox.status(s).text
    finally:
        older.dispose()


def test_only_one_sender_works_at_a_time(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    from app.sync import nav_lease

    set_up_nav(db, creds, nav_service)
    _invoice(db)
    assert nav_lease.take(db, "masik-gep:1:1", clocks.now) is None
    result = send_reports(db, creds, clock=clocks.now)
    assert result.busy is not None and result.sent == 0 and nav_service.calls == {}
    nav_lease.release(db, "masik-gep:1:1")
    assert send_reports(db, creds, clock=clocks.now).done == 1


def test_buyer_tax_numbers_are_checked_at_nav(
    db: Database, creds: CredentialStore, nav_service: NavTestService, clocks: Clocks
) -> None:
    from app.services.invoice_drafts import prepare_from_order
    from app.sync.nav_taxpayers import check_tax_number

    set_up_nav(db, creds, nav_service)
    nav_service.service.mark_taxpayer("87654323", "invalid")
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("ADO-1", "27%", "1", "1270")])
        order_id, tax = order.id, order.customer_tax_number
    assert check_tax_number(db, creds, tax, clock=clocks.now) is False
    asked = nav_service.calls["queryTaxpayer"]
    assert (
        check_tax_number(db, creds, tax, clock=clocks.now) is False
        and nav_service.calls["queryTaxpayer"] == asked
    )
    with db.reading() as s:
        problems = [p.text for p in prepare_from_order(s, order_id, today=TODAY).problems]
    assert any("A NAV szerint" in p and "nem érvényes" in p for p in problems)
    assert check_tax_number(db, creds, "12345676-2-41", clock=clocks.now) is True
