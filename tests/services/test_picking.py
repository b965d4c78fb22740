"""Szedőlista and szállítólevél on both databases, read back from the PDF with pdftotext: the
quantities of the selected open orders summed per warehouse and product, walked by location."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from app import cli
from app.db.database import Database
from app.db.documents import Document
from app.db.stock import Warehouse
from app.errors import ValidationError
from app.services import documents as docs
from app.services import picking
from app.services.customers import CustomerInput, create_customer
from tests.pdf_text import pdf_text
from tests.sync.test_product_sync import _product


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return pdf_text(path, layout=True)


def _order(db: Database, warehouse_id: int, customer_id: int | None, *lines: tuple[int, str]) -> Document:
    with db.transaction() as s:
        return docs.create_customer_order(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(q), pid) for pid, q in lines],
                warehouse_id=warehouse_id,
                customer_id=customer_id,
            ),
        )


@pytest.fixture
def setup(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        main = s.scalar(select(Warehouse.id).order_by(Warehouse.id))
        assert main is not None
        back = Warehouse(name="Hátsó raktár")
        s.add(back)
        customer = create_customer(
            s,
            CustomerInput(
                name="Kiss Éva",
                email="eva@example.hu",
                shipping_name="Kiss Éva",
                shipping_postal_code="6720",
                shipping_city="Szeged",
                shipping_street="Tisza Lajos krt. 5.",
            ),
        )
        s.flush()
        ids = {"main": main, "back": back.id, "customer": customer.id}
    ids["a"] = _product(db, "SZED-A", location="B-02")
    ids["b"] = _product(db, "SZED-B", location="A-01")
    ids["c"] = _product(db, "SZED-C")  # no location: last in its warehouse
    ids["fee"] = _product(db, "SZALLITAS", kind=docs.ProductKind.SERVICE)
    return ids


def _rows(text: str) -> dict[tuple[str, str], D]:
    """Each product row's quantity under the warehouse heading it is printed in."""
    found: dict[tuple[str, str], D] = {}
    warehouse = ""
    for line in text.splitlines():
        heading = re.match(r"\s*Raktár: (.+?)\s*$", line)
        if heading:
            warehouse = heading.group(1)
        hit = re.search(r"(SZED-[A-Z]|SZALLITAS)\s.*?\s(\d+(?:,\d+)?) db", line)
        if hit:
            key = (warehouse, hit.group(1))
            found[key] = found.get(key, D(0)) + D(hit.group(2).replace(",", "."))
    return found


def test_the_picking_list_sums_the_selected_orders(
    db: Database, setup: dict[str, int], tmp_path: Path
) -> None:
    ids = setup
    first = _order(db, ids["main"], ids["customer"], (ids["a"], "2"), (ids["b"], "1"), (ids["fee"], "1"))
    second = _order(db, ids["main"], None, (ids["a"], "3"), (ids["c"], "5"))
    third = _order(db, ids["back"], None, (ids["a"], "1"))
    not_selected = _order(db, ids["main"], None, (ids["a"], "7"))
    with db.reading() as s:
        made = picking.picking_list(s, [first.id, second.id, third.id])
        pdf = picking.picking_list_pdf(s, [first.id, second.id, third.id])
    # Walk order: the main warehouse by location (A-01, B-02, then none), then the back room.
    assert [(r.warehouse, r.code) for r in made.rows][:3] == [
        (made.rows[0].warehouse, "SZED-B"),
        (made.rows[0].warehouse, "SZED-A"),
        (made.rows[0].warehouse, "SZED-C"),
    ]
    assert made.rows[1].orders == sorted([first.number, second.number])
    text = _text(pdf, tmp_path)
    main_name = made.rows[0].warehouse
    assert _rows(text) == {
        (main_name, "SZED-B"): D(1),
        (main_name, "SZED-A"): D(5),
        (main_name, "SZED-C"): D(5),
        ("Hátsó raktár", "SZED-A"): D(1),
    }  # the shipping fee is not picked, the unselected order's 7 are not counted
    assert "Szedőlista" in text and first.number in text and not_selected.number not in text
    assert text.index("B-02") > text.index("A-01")


def test_only_open_orders_are_picked(db: Database, setup: dict[str, int]) -> None:
    ids = setup
    order = _order(db, ids["main"], None, (ids["a"], "1"))
    with db.transaction() as s:
        docs.cancel_customer_order(s, order.id)
    with db.reading() as s, pytest.raises(ValidationError, match="nem nyitott"):
        picking.picking_list(s, [order.id])
    with db.reading() as s, pytest.raises(ValidationError, match="legalább egy"):
        picking.picking_list(s, [])


def test_a_delivery_note_is_numbered_once(db: Database, setup: dict[str, int], tmp_path: Path) -> None:
    ids = setup
    order = _order(db, ids["main"], ids["customer"], (ids["a"], "2"), (ids["fee"], "1"))
    with db.transaction() as s:
        number, pdf = picking.delivery_note_pdf(s, order.id)
    with db.transaction() as s:
        again, _ = picking.delivery_note_pdf(s, order.id)
    other = _order(db, ids["main"], None, (ids["b"], "1"))
    with db.transaction() as s:
        next_number, _ = picking.delivery_note_pdf(s, other.id)
    assert number.startswith("SZL-") and again == number and next_number != number
    text = _text(pdf, tmp_path)
    assert "Szállítólevél" in text and number in text and order.number in text
    assert "6720 Szeged" in text and "Tisza Lajos krt. 5." in text
    assert _rows(text) == {("", "SZED-A"): D(2)}  # the service line is not delivered
    only_fee = _order(db, ids["main"], None, (ids["fee"], "1"))
    with db.transaction() as s, pytest.raises(ValidationError, match="nincs kiszállítandó"):
        picking.delivery_note_pdf(s, only_fee.id)


def test_the_command_line_prints_both(
    db: Database, setup: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = setup
    order = _order(db, ids["main"], None, (ids["a"], "2"), (ids["c"], "1"))
    out = tmp_path / "szedo.pdf"
    assert cli.run(["--db", db.url, "picking-list", str(out), order.number, "--json"]) == 0
    assert '"SZED-A"' in capsys.readouterr().out and out.read_bytes().startswith(b"%PDF")
    note = tmp_path / "szl.pdf"
    assert cli.run(["--db", db.url, "delivery-note", order.number, str(note)]) == 0
    assert "Szállítólevél SZL-" in capsys.readouterr().out
    assert cli.run(["--db", db.url, "picking-list", str(out), "NINCS-1"]) == 1
    assert "NINCS-1" in capsys.readouterr().err


def test_the_stock_lists_print_as_json(
    db: Database, setup: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    ids = setup
    with db.transaction() as s:
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(4), ids["a"], unit_price=D(250))], warehouse_id=ids["main"]
            ),
        )
    _order(db, ids["main"], None, (ids["a"], "1"))
    assert cli.run(["--db", db.url, "list", "stock_report", "--json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    main_a = next(
        r for r in rows if r["code"] == "SZED-A" and r["location"] == "B-02" and r["on_hand"] != "0"
    )
    assert (D(main_a["on_hand"]), D(main_a["reserved"]), D(main_a["free"]), D(main_a["value"])) == (
        D(4),
        D(1),
        D(3),
        D(1000),
    )
    assert {r["code"] for r in rows} == {"SZED-A", "SZED-B", "SZED-C"}  # goods only, no service
    assert len(rows) == 6  # three products in two warehouses
    for what in ("suppliers", "transfers", "stock_counts"):
        assert cli.run(["--db", db.url, "list", what]) == 0
