"""Headless commands print every field a user sees, as exact JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from app import cli
from app.db.database import Database
from app.services import documents as docs
from app.services.customers import CustomerInput, create_customer
from tests.services.helpers import make_product


def _json(db: Database, *args: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "app", "--db", db.url, *args], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_list_orders_json_has_the_whole_document(db: Database) -> None:
    with db.transaction() as s:
        p = make_product(s, "FURO-1", name="Árvíztűrő fúró")
        c = create_customer(s, CustomerInput(name="Kiss Éva", email="eva@example.hu", billing_city="Szeged"))
        docs.create_customer_order(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(2), p.id)],
                customer_id=c.id,
                header_note="Webshop: 1000-1",
                internal_note="Délután hozzák",
                payment_method_id=2,
            ),
        )
    [order] = _json(db, "list", "orders", "--json")
    assert order["number"].startswith("VR-") and order["status"] == "open"
    assert (
        order["customer"]["name"] == "Kiss Éva" and order["customer"]["billing_address"]["city"] == "Szeged"
    )
    assert (order["header_note"], order["internal_note"]) == ("Webshop: 1000-1", "Délután hozzák")
    assert order["payment_method"] == "Átutalás"
    assert (order["net_total"], order["vat_total"], order["gross_total"]) == (
        "20000.00",
        "5400.00",
        "25400.00",
    )
    assert order["lines"][0]["name"] == "Árvíztűrő fúró" and order["lines"][0]["quantity"] == "2.000"
    assert order["issue_date"] <= order["due_date"]


def test_list_products_and_customers_json(db: Database) -> None:
    with db.transaction() as s:
        make_product(s, "A-1", categories=["Fő|Al"], note="Leírás")
        create_customer(s, CustomerInput(name="Cég Kft.", is_private=False, tax_number="12345676-2-41"))
    [product] = _json(db, "list", "products", "--json")
    assert product["code"] == "A-1" and product["categories"] == ["Fő|Al"] and product["note"] == "Leírás"
    assert product["gross_price"] == "12700.0000" and product["on_hand"] == "0.000"
    [customer] = _json(db, "list", "customers", "--json")
    assert customer["tax_number"] == "12345676-2-41" and customer["is_private"] is False


def test_bad_database_url_gives_a_hungarian_message(tmp_path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "list",
            "products",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1
    assert "Az adatbázis nem nyitható meg" in out.stderr


def test_stock_table_prints_quantities_as_a_hungarian_reads_them(db: Database) -> None:
    """ "30.000" reads as thirty thousand in Hungarian: 30 and 2,5 instead."""
    with db.transaction() as s:
        whole = make_product(s, "EGESZ-1")
        half = make_product(s, "FEL-1")
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(quantity=D(30), product_id=whole.id, unit_price=D(100)),
                    docs.LineInput(quantity=D("2.5"), product_id=half.id, unit_price=D(100)),
                ]
            ),
        )
    out = subprocess.run(
        [sys.executable, "-m", "app", "--db", db.url, "stock"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line.split() for line in out.stdout.splitlines()[1:]}
    assert "30" in rows["EGESZ-1"] and "30.000" not in out.stdout
    assert "2,5" in rows["FEL-1"]


def test_an_unexpected_error_is_a_hungarian_message_with_a_details_file_never_a_traceback(
    db: Database, tmp_path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli import data_commands

    def broken(_args: object) -> int:
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(data_commands, "backup_or_restore", broken)
    assert cli.run(["--db", db.url, "backup", str(tmp_path / "m.sqlite")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("Hiba: Váratlan hiba történt; az adatai nem vesztek el") and "Traceback" not in err
    details = Path(err.split("ebben a fájlban vannak: ")[1].split(" Ha a hiba")[0])
    text = details.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug of ours" in text and "Traceback" in text and "Bolthíd" in text
