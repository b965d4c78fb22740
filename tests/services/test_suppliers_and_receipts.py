"""Szállítók and Bevételezés from a supplier on both databases: stock up, the purchase price
follows, the next push sends the new free stock; a receipt is reversed, never deleted."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app import cli
from app.credentials import CredentialStore
from app.db.catalog import Product
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.db.partners import Supplier
from app.errors import ValidationError
from app.sandbox.server import SandboxServer
from app.services import documents as docs
from app.services import suppliers
from app.services.stock import stock_level
from tests.sync.test_product_sync import _add_shop, _product, _push, _shop


def _supplier(db: Database, name: str = "Nagyker Kft.") -> int:
    with db.transaction() as s:
        return suppliers.create_supplier(
            s,
            suppliers.SupplierInput(name=name, tax_number="12345676-2-41", bank_account="11111111-22222222"),
        ).id


def test_a_receipt_from_a_supplier_raises_stock_and_the_push_sends_it(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, capsys: pytest.CaptureFixture[str]
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "BESZ-1")
    supplier_id = _supplier(db)
    _push(db, creds, shop_id)
    assert cli.run(
        ["--db", db.url, "receipt", "add", "--supplier", "nagyker kft.", "--invoice-number", "NK-2026/118",
         "--invoice-date", "2026-11-28", "--line", "BESZ-1=12@4500,50", "--json"]
    ) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert '"supplier": "Nagyker Kft."' in out and '"supplier_invoice_number": "NK-2026/118"' in out
    with db.reading() as s:
        receipt = s.scalar(select(Document).where(Document.kind == DocumentKind.PURCHASE_RECEIPT))
        assert receipt is not None and receipt.supplier_id == supplier_id
        assert str(receipt.supplier_invoice_date) == "2026-11-28"
        assert stock_level(s, pid).on_hand == 12
        assert s.get(Product, pid).purchase_price == D("4500.50")  # type: ignore[union-attr]
    _push(db, creds, shop_id)
    assert D(_shop(sandbox, "BESZ-1")["qty"]) == 12


def test_a_receipt_is_reversed_by_a_negative_receipt_once(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _product(db, "BESZ-2")
    supplier_id = _supplier(db)
    with db.transaction() as s:
        receipt = docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(5), pid, unit_price=D(1000), price_is_gross=False)],
                supplier_id=supplier_id,
            ),
        )
        number = receipt.number
    assert cli.run(["--db", db.url, "receipt", "reverse", number]) == 0
    assert "Sztornó bevételezés: BE-" in capsys.readouterr().out
    with db.reading() as s:
        assert stock_level(s, pid).on_hand == 0
        reversal = s.scalar(select(Document).where(Document.source_document_id.is_not(None)))
        assert reversal is not None and reversal.net_total == D(-5000) and reversal.supplier_id == supplier_id
    assert cli.run(["--db", db.url, "receipt", "reverse", number]) == 1
    assert "már sztornózták" in capsys.readouterr().err
    with db.transaction() as s, pytest.raises(ValidationError, match="bizonylaton szerepel"):
        suppliers.delete_supplier(s, supplier_id)


def test_a_receipt_whose_goods_were_sold_cannot_be_reversed(db: Database) -> None:
    from tests.services.test_invoicing import set_company

    pid = _product(db, "BESZ-3")
    with db.transaction() as s:
        set_company(s)
        receipt = docs.create_purchase_receipt(
            s, docs.DocumentInput(lines=[docs.LineInput(D(3), pid, unit_price=D(10))])
        )
        docs.create_invoice(s, docs.DocumentInput(lines=[docs.LineInput(D(2), pid)]))
    with pytest.raises(ValidationError, match="már csak 1 van"), db.transaction() as s:
        docs.reverse_receipt(s, receipt.id)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": ""}, "neve nem lehet üres"),
        ({"tax_number": "12345678-2-41"}, "ellenőrizze az adószámot"),
        ({"bank_account": "1" * 60}, "bankszámlaszám legfeljebb 40"),
        ({"email": "nincs-kukac"}, "Hibás e-mail"),
    ],
    ids=["no name", "wrong check digit", "bank account too long", "e-mail without @"],
)
def test_a_supplier_with_bad_data_is_refused(db: Database, values: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        suppliers.create_supplier(s, suppliers.SupplierInput(**{"name": "Rossz Kft.", **values}))
    with db.reading() as s:
        assert s.scalar(select(func.count(Supplier.id))) == 0


def test_the_same_supplier_name_twice_is_refused(db: Database) -> None:
    _supplier(db, "Egyik Bt.")
    with pytest.raises(ValidationError, match="Már van ilyen nevű"):
        _supplier(db, "egyik bt.")
