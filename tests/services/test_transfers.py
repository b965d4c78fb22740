"""Raktárközi átadás on both databases: both warehouses' stock moves, the shop's free stock follows
only its chosen warehouses, and what may not be transferred is refused with nothing booked."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app import cli
from app.credentials import CredentialStore
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.db.shops import ShopStockWarehouse
from app.db.stock import StockMove, Warehouse
from app.errors import ValidationError
from app.sandbox.server import SandboxServer
from app.services import documents as docs
from app.services.stock import stock_level
from tests.sync.test_product_sync import _add_shop, _product, _push, _receive, _shop


def _warehouses(db: Database) -> tuple[int, int]:
    with db.transaction() as s:
        main = s.scalar(select(Warehouse.id).order_by(Warehouse.id))
        assert main is not None
        back = Warehouse(name="Hátsó raktár")
        s.add(back)
        s.flush()
        return main, back.id


def _transfer(db: Database, source: int, target: int, product_id: int, qty: str) -> Document:
    with db.transaction() as s:
        return docs.create_transfer(
            s, target, docs.DocumentInput(lines=[docs.LineInput(D(qty), product_id)], warehouse_id=source)
        )


def _on_hand(db: Database, product_id: int, warehouse_id: int) -> D:
    with db.reading() as s:
        return stock_level(s, product_id, warehouse_id).on_hand


def test_a_transfer_moves_stock_and_the_shop_sees_only_its_warehouses(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    main, back = _warehouses(db)
    shop_id = _add_shop(db, creds, sandbox)  # its stock: the first (main) warehouse only
    pid = _product(db, "ATAD-1")
    _receive(db, pid, "10")
    _push(db, creds, shop_id)
    assert D(_shop(sandbox, "ATAD-1")["qty"]) == 10
    transfer = _transfer(db, main, back, pid, "4")
    assert transfer.number.startswith("RA-") and transfer.target_warehouse_id == back
    assert (_on_hand(db, pid, main), _on_hand(db, pid, back)) == (D(6), D(4))
    _push(db, creds, shop_id)
    assert D(_shop(sandbox, "ATAD-1")["qty"]) == 6  # the back room is not the shop's
    with db.transaction() as s:
        s.add(ShopStockWarehouse(shop_id=shop_id, warehouse_id=back))
    _push(db, creds, shop_id)
    assert D(_shop(sandbox, "ATAD-1")["qty"]) == 10  # both counted now: the transfer changes nothing


@pytest.mark.parametrize(
    ("qty", "same", "message"),
    [
        ("3", True, "nem lehet ugyanaz"),
        ("-2", False, "csak pozitív"),
        ("0", False, "csak pozitív"),
        ("11", False, "csak 10 van"),
    ],
    ids=["to the same warehouse", "negative", "zero", "more than there is"],
)
def test_what_may_not_be_transferred_is_refused_with_nothing_booked(
    db: Database, qty: str, same: bool, message: str
) -> None:
    main, back = _warehouses(db)
    pid = _product(db, "ATAD-2")
    _receive(db, pid, "10")
    with db.reading() as s:
        moves = s.scalar(select(func.count(StockMove.id)))
    with pytest.raises(ValidationError, match=message):
        _transfer(db, main, main if same else back, pid, qty)
    with db.reading() as s:
        assert s.scalar(select(func.count(StockMove.id))) == moves
        assert s.scalar(select(func.count(Document.id)).where(Document.kind == DocumentKind.TRANSFER)) == 0


def test_the_command_line_transfers(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    main, back = _warehouses(db)
    pid = _product(db, "ATAD-3")
    _receive(db, pid, "5")
    with db.reading() as s:
        main_name = s.get(Warehouse, main).name  # type: ignore[union-attr]
    args = ["--db", db.url, "transfer", "--from", main_name, "--to", "Hátsó raktár", "--line", "ATAD-3=2"]
    assert cli.run([*args, "--json"]) == 0
    out = capsys.readouterr().out
    assert '"number": "RA-' in out and '"ATAD-3"' in out
    assert (_on_hand(db, pid, main), _on_hand(db, pid, back)) == (D(3), D(2))
    assert (
        cli.run(["--db", db.url, "transfer", "--from", main_name, "--to", main_name, "--line", "ATAD-3=1"])
        == 1
    )
    assert "nem lehet ugyanaz" in capsys.readouterr().err
    assert (
        cli.run(
            ["--db", db.url, "transfer", "--from", main_name, "--to", "Hátsó raktár", "--line", "NINCS=1"]
        )
        == 1
    )
    assert "NINCS" in capsys.readouterr().err
