"""An issued invoice never changes: its PDF and reprints show the issue-time data, the database
refuses to change or delete it, and Élesítés removes test documents only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from app.bootstrap import open_database
from app.db import invoice_guard
from app.db.company import Company
from app.db.database import Database
from app.db.documents import Document, DocumentKind, DocumentLine
from app.db.shops import Shop
from app.errors import ValidationError
from app.services import invoicing
from app.services.going_live import go_live
from app.sync import shops
from tests.pdf_text import pdf_text
from tests.services.test_invoicing import issue, make_order, set_company

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "databases"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return " ".join(pdf_text(path, layout=True).split())


def test_the_stored_pdf_and_a_reprint_show_the_issue_time_seller(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        invoice_id = issue(s, make_order(s, [("MARAD", "27%", "1", "1270")])).id
    with db.transaction() as s:  # the company moves after the invoice was issued
        company = s.scalar(select(Company))
        assert company is not None
        company.name, company.city, company.street = "Új Név Zrt.", "Debrecen", "Piac u. 9."
    with db.reading() as s:
        original = s.get(Document, invoice_id).pdf  # type: ignore[union-attr]
        _, reprint = invoicing.invoice_pdf(s, invoice_id)
    assert original is not None
    first, again = _pdf_text(original, tmp_path), _pdf_text(reprint, tmp_path)
    for shown in (first, again):
        assert "Bolthíd Teszt Kft." in shown and "1111 Budapest, Fő utca 1." in shown
        assert "Új Név Zrt." not in shown and "Debrecen" not in shown
    assert "Eredeti példány" in first and "Másolat" in again and "Másolat" not in first


def _refused(db: Database, statement) -> str:
    with pytest.raises(DBAPIError) as refused:
        with db.transaction() as s:
            s.execute(statement)
    return str(refused.value)


def test_the_database_refuses_to_change_or_delete_an_issued_live_invoice(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        invoice = issue(s, make_order(s, [("VEDETT", "27%", "2", "1270")]))
        invoice_id, line_id = invoice.id, invoice.lines[0].id
    assert invoice_guard.GUARD_MESSAGE in _refused(db, delete(Document).where(Document.id == invoice_id))
    for change in ({"customer_name": "Más Vevő"}, {"snapshot": "{}"}, {"gross_total": 1}, {"is_test": True}):
        assert invoice_guard.GUARD_MESSAGE in _refused(
            db, update(Document).where(Document.id == invoice_id).values(**change)
        )
    assert invoice_guard.GUARD_MESSAGE in _refused(
        db, update(DocumentLine).where(DocumentLine.id == line_id).values(name="átírva")
    )
    assert invoice_guard.GUARD_MESSAGE in _refused(db, delete(DocumentLine).where(DocumentLine.id == line_id))
    if db.engine.dialect.name == "postgresql":
        assert invoice_guard.GUARD_MESSAGE in _refused(db, text("TRUNCATE documents CASCADE"))
    # Its state outside the content stays changeable: the e-mail status, the storno's "cancelled".
    with db.transaction() as s:
        s.execute(update(Document).where(Document.id == invoice_id).values(email_status="sent"))
    with db.reading() as s:
        assert s.get(Document, invoice_id).email_status == "sent"  # type: ignore[union-attr]


def test_the_guard_exists_after_upgrading_the_oldest_kept_database(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "rev_0001.sqlite", target)
    db = open_database(f"sqlite:///{target.as_posix()}")
    try:
        with db.engine.connect() as conn:
            assert invoice_guard.trigger_names(conn) == {
                "guard_invoice_delete",
                "guard_invoice_update",
                "guard_invoice_line_delete",
                "guard_invoice_line_update",
                "guard_invoice_line_insert",
            }
        with db.transaction() as s:
            set_company(s)
            invoice_id = issue(s, make_order(s, [("REGI-DB", "27%", "1", "1270")])).id
        assert invoice_guard.GUARD_MESSAGE in _refused(db, delete(Document).where(Document.id == invoice_id))
    finally:
        db.dispose()


def test_elesites_removes_test_documents_and_keeps_every_live_invoice(db: Database) -> None:
    from app.credentials import CredentialStore

    creds = CredentialStore(use_keyring=False)
    settings = shops.ShopSettings(name="Kettős bolt", base_url="http://127.0.0.1:9/shop/")
    shop_id = shops.add_shop(db, creds, settings, "kulcs")
    with db.transaction() as s:
        set_company(s)
        live = issue(s, make_order(s, [("ELO", "27%", "1", "1270")], shop_id=shop_id))
        s.get(Shop, shop_id).is_test = True  # type: ignore[union-attr]  # ticked "test" by mistake
        test_order = make_order(s, [("TESZT-1", "27%", "1", "1270")], shop_id=shop_id, is_test=True)
        test_invoice = issue(s, test_order)
        assert test_invoice.number.startswith("TESZT-") and test_invoice.is_test
        live_id, test_ids = live.id, {test_order.id, test_invoice.id}
    go_live(db, shop_id)
    with db.reading() as s:
        remaining = set(s.scalars(select(Document.id).where(Document.shop_id == shop_id)))
        assert live_id in remaining and not test_ids & remaining
        assert s.get(Document, live_id).kind == DocumentKind.INVOICE  # type: ignore[union-attr]
    # …and a shop with live invoices cannot be ticked "test" again.
    with pytest.raises(ValidationError, match="éles számlái"):
        shops.save_shop(db, creds, shop_id, shops.ShopSettings(name="Kettős bolt", is_test=True), None)
