"""Storno and modifying invoice of a 3-line invoice: NAV's chain numbering, references, stock back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from lxml import etree

from app.db.database import Database
from app.errors import ValidationError
from app.nav import rules
from app.services import documents as docs
from app.services.invoice_corrections import LineChange, load_chain, modify_invoice, storno_invoice
from app.services.stock import stock_level
from tests.services.test_invoicing import NS, TODAY, issue, make_order, set_company, snapshot


def _lines(invoice) -> list[tuple[int, int | None, str]]:
    """(lineNumber, lineNumberReference, lineOperation) of the NAV data."""
    xml = etree.fromstring(invoice.nav_xml.encode())
    out = []
    for line in xml.iterfind(".//d:invoiceLines/d:line", NS):
        ref = line.findtext("d:lineModificationReference/d:lineNumberReference", namespaces=NS)
        out.append(
            (
                int(line.findtext("d:lineNumber", namespaces=NS)),  # type: ignore[arg-type]
                int(ref) if ref else None,
                line.findtext("d:lineModificationReference/d:lineOperation", namespaces=NS) or "",
            )
        )
    return out


def _index(invoice) -> str | None:
    return etree.fromstring(invoice.nav_xml.encode()).findtext(".//d:modificationIndex", namespaces=NS)


def _three_lines(s):
    set_company(s)
    lines = [("TOLL", "27%", "4", "1270"), ("FUZET", "5%", "2", "1050"), ("RAJZLAP", "27%", "10", "99")]
    return issue(s, make_order(s, lines))


def test_a_modifying_invoice_returns_goods_and_continues_the_chain(db: Database) -> None:
    with db.transaction() as s:
        invoice = _three_lines(s)
        pen = invoice.lines[0].product_id
        assert stock_level(s, pen).on_hand == 96
        before_first = load_chain(s, invoice.id).state()
        first = modify_invoice(s, invoice.id, [LineChange(1, returned=D(1))], today=TODAY)
        assert stock_level(s, pen).on_hand == 97, "the returned pen is back in stock"
        before_second = load_chain(s, invoice.id).state()
        changes = [LineChange(1, returned=D(1)), LineChange(2, price_change=D(-105))]
        second = modify_invoice(s, invoice.id, changes, today=TODAY)
        chain = load_chain(s, invoice.id)
        first_xml, second_xml = first.nav_xml.encode(), second.nav_xml.encode()
        snap = snapshot(second)
        with pytest.raises(ValidationError, match="legfeljebb 2"):
            modify_invoice(s, invoice.id, [LineChange(1, returned=D(3))], today=TODAY)
    assert len(invoice.lines) == 3
    # Each correction numbers its own lines from 1 and continues the chain's references: 4, then 5 and 6.
    assert _lines(first) == [(1, 4, "CREATE")] and _index(first) == "1"
    assert _lines(second) == [(1, 5, "CREATE"), (2, 6, "CREATE")] and _index(second) == "2"
    assert chain.next_reference == 7 and chain.next_index == 3
    assert snap.title == "Helyesbítő számla" and snap.original_number == invoice.number
    assert (first.gross_total, second.gross_total) == (D(-1270), D(-1270 - 210))
    assert rules.check(first_xml, "MODIFY", chain=before_first, today=TODAY) == []
    assert rules.check(second_xml, "MODIFY", chain=before_second, today=TODAY) == []


def test_a_storno_after_a_modification_cancels_the_whole_chain(db: Database) -> None:
    with db.transaction() as s:
        invoice = _three_lines(s)
        pen = invoice.lines[0].product_id
        modify_invoice(s, invoice.id, [LineChange(1, returned=D(1))], today=TODAY)
        before = load_chain(s, invoice.id).state()
        storno = storno_invoice(s, invoice.id, today=TODAY)
        assert stock_level(s, pen).on_hand == 100
        data = storno.nav_xml.encode()
    # The storno lines are numbered from 1; their references continue after the modification's 4.
    assert _lines(storno) == [(1, 5, "CREATE"), (2, 6, "CREATE"), (3, 7, "CREATE"), (4, 8, "CREATE")]
    assert _index(storno) == "2", "stornos and modifications share one index sequence"
    assert storno.net_total == -(invoice.net_total + before.net_total - invoice.net_total)
    assert rules.check(data, "STORNO", chain=before, today=TODAY) == []
    with db.transaction() as s, pytest.raises(ValidationError, match="sztornózták"):
        modify_invoice(s, invoice.id, [LineChange(2, returned=D(1))], today=TODAY)


def test_the_rules_catch_what_nav_rejects_in_a_chain(db: Database) -> None:
    """The chain validator can fail: a repeated index, an existing line number, a MODIFY line."""
    with db.transaction() as s:
        invoice = _three_lines(s)
        chain = load_chain(s, invoice.id)
        storno = storno_invoice(s, invoice.id, today=TODAY)
        data = storno.nav_xml.encode()
    state = chain.state()
    reused = rules.ChainState(
        state.original_number,
        state.original_issue_date,
        state.existing_lines | {4},
        frozenset({1}),
        state.net_total,
    )
    codes = {f.code for f in rules.check(data, "STORNO", chain=reused, today=TODAY)}
    assert {"MODIFICATION_INDEX_NOT_UNIQUE", "INVOICE_LINE_ALREADY_EXISTS"} <= codes
    modified = data.replace(
        b"<lineOperation>CREATE</lineOperation>", b"<lineOperation>MODIFY</lineOperation>", 1
    )
    assert "INVALID_LINE_OPERATION" in {
        f.code for f in rules.check(modified, "STORNO", chain=state, today=TODAY)
    }
    renumbered = data.replace(b"<lineNumber>1</lineNumber>", b"<lineNumber>5</lineNumber>", 1)
    assert "LINE_NUMBER_NOT_SEQUENTIAL" in {f.code for f in rules.check(renumbered, "STORNO", chain=state)}


def test_a_line_is_named_by_number_or_by_a_product_code_found_once(db: Database) -> None:
    from app.services.invoice_corrections import line_number

    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("EGYSZER", "27%", "1", "1000"), ("KETSZER", "27%", "1", "500")])
        twice = order.lines[1].product_id
        assert twice is not None
        order = docs.create_customer_order(  # the same product twice, at two prices
            s,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(D(1), order.lines[0].product_id, unit_price=D(1000), price_is_gross=True),
                    docs.LineInput(D(1), twice, unit_price=D(500), price_is_gross=True),
                    docs.LineInput(D(2), twice, unit_price=D(300), price_is_gross=True),
                ],
                customer_id=order.customer_id,
            ),
        )
        invoice = issue(s, order)
        assert line_number(s, invoice.id, "3") == 3
        assert line_number(s, invoice.id, " egyszer ") == 1
        with pytest.raises(ValidationError, match=r"több tételén is szerepel \(2, 3\. tétel\)"):
            line_number(s, invoice.id, "KETSZER")
        with pytest.raises(ValidationError, match="nincs „NINCS” kódú tétel"):
            line_number(s, invoice.id, "NINCS")
