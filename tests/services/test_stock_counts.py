"""Leltár on both databases: a count with a shortage and a surplus books both and the shop follows;
movements after the start stay; one open count per warehouse; bad counted values are refused."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import cli
from app.credentials import CredentialStore
from app.db.counts import StockCount
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.db.stock import StockMove, Warehouse
from app.errors import ValidationError
from app.sandbox.server import SandboxServer
from app.services import stock_counts
from app.services.stock import stock_level
from tests.sync.test_product_sync import _add_shop, _product, _push, _receive, _shop


def _main(db: Database) -> int:
    with db.reading() as s:
        found = s.scalar(select(Warehouse.id).order_by(Warehouse.id))
        assert found is not None
        return found


def _start(db: Database) -> int:
    with db.transaction() as s:
        return stock_counts.start_count(s, _main(db)).id


def test_a_count_books_shortage_and_surplus_keeps_later_moves_and_the_shop_follows(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    short, extra = _product(db, "LELT-1"), _product(db, "LELT-2")
    _receive(db, short, "10")
    _receive(db, extra, "5")
    _push(db, creds, shop_id)
    count_id = _start(db)
    _receive(db, short, "3")  # arrives during the count: stays, the count books only its own difference
    with db.transaction() as s:
        stock_counts.set_counted(s, count_id, {"LELT-1": D(8), "lelt-2": D(7)})
        rows = {r.code: r for r in stock_counts.differences(s, count_id)}
        assert (rows["LELT-1"].difference, rows["LELT-1"].moved_since) == (D(-2), D(3))
        assert rows["LELT-2"].difference == D(2)
        count = stock_counts.close_count(s, count_id)
        assert count.shortage_document_id and count.surplus_document_id
        shortage = s.get(Document, count.shortage_document_id)
        assert (
            shortage is not None
            and shortage.number.startswith("LH-")
            and shortage.kind == DocumentKind.STOCK_ADJUSTMENT
        )
        assert stock_counts.difference_value(s, count_id) == (D(200), D(200))  # at the purchase price 100
    with db.reading() as s:
        assert stock_level(s, short).on_hand == D(11)  # 10 + 3 − 2
        assert stock_level(s, extra).on_hand == D(7)
    _push(db, creds, shop_id)
    assert (D(_shop(sandbox, "LELT-1")["qty"]), D(_shop(sandbox, "LELT-2")["qty"])) == (D(11), D(7))
    with pytest.raises(ValidationError, match="már lezárták"), db.transaction() as s:
        stock_counts.set_counted(s, count_id, {"LELT-1": D(1)})


def test_two_workstations_cannot_count_the_same_warehouse_twice(db: Database) -> None:
    _product(db, "LELT-3")
    count_id = _start(db)
    with pytest.raises(ValidationError, match="már folyik egy leltár"):
        _start(db)
    # The second workstation has the count open on its screen; the first closes it meanwhile.
    second = db.sessions()
    try:
        if db.engine.dialect.name == "postgresql":
            # It read the count as open in its own transaction: only the closing UPDATE's condition
            # can see that it was closed since. (SQLite writers take the lock at BEGIN and queue up,
            # so there the second simply finds it closed.)
            on_screen = second.get(StockCount, count_id)  # held, as a dialog holds it
            assert on_screen is not None and on_screen.open_warehouse_id is not None
        with db.transaction() as s:
            stock_counts.close_count(s, count_id)
        expected = (
            "közben egy másik gépen lezárták" if db.engine.dialect.name == "postgresql" else "már lezárták"
        )
        with pytest.raises(ValidationError, match=expected):
            stock_counts.close_count(second, count_id)
    finally:
        second.rollback()
        second.close()
    with db.reading() as s:
        assert s.scalar(select(func.count(StockCount.id)).where(StockCount.closed_at.is_not(None))) == 1
    _start(db)  # closed: a new count may start


@pytest.mark.parametrize(
    ("value", "message"),
    [(D(-1), "nem lehet negatív"), (D("1.0001"), "legfeljebb 3 tizedesjegyű"), (D("NaN"), "nem szám")],
    ids=["negative", "4 decimals", "NaN"],
)
def test_a_bad_counted_quantity_is_refused(db: Database, value: D, message: str) -> None:
    _product(db, "LELT-4")
    count_id = _start(db)
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        stock_counts.set_counted(s, count_id, {"LELT-4": value})


def test_the_import_reports_bad_rows_by_number_and_books_nothing_from_them(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _product(db, "LELT-5")
    _receive(db, pid, "4")
    count_id = _start(db)
    with db.reading() as s:
        number = s.get(StockCount, count_id).number  # type: ignore[union-attr]
    sheet = tmp_path / "leltar.csv"
    sheet.write_text("Termékkód;Leltározott\nLELT-5;6\nNINCS-ILYEN;3\nLELT-5;-2\n", encoding="utf-8")
    assert cli.run(["--db", db.url, "count", "import", number, str(sheet)]) == 1
    out = capsys.readouterr().out
    assert (
        "3. sor: ismeretlen termékkód: NINCS-ILYEN" in out and "4. sor (LELT-5)" in out and "negatív" in out
    )
    assert cli.run(["--db", db.url, "count", "show", number, "--json"]) == 0
    assert '"counted": "6.000"' in capsys.readouterr().out
    with db.reading() as s:
        moves = s.scalar(select(func.count(StockMove.id)))
    assert cli.run(["--db", db.url, "count", "close", number]) == 0
    assert "többlet 200 Ft" in capsys.readouterr().out.replace("\u00a0", " ")
    with db.reading() as s:
        assert s.scalar(select(func.count(StockMove.id))) == (moves or 0) + 1
        assert stock_level(s, pid).on_hand == D(6)
