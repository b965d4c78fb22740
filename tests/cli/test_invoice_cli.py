"""`bolthid invoice …` and `bolthid company …` in a real subprocess: preview, issue, corrections, reprints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lxml import etree

from app.db.database import Database
from app.output import nav_invoice
from tests.services.test_invoicing import NS, make_order, set_company


def _bolthid(db: Database, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", db.url, *args], capture_output=True, text=True, input=stdin
    )


def test_invoice_from_order_modify_storno_and_reprints(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        number = make_order(s, [("CLI-1", "27%", "3", "1270"), ("CLI-2", "5%", "2", "1050")]).number
    pdf, xml = tmp_path / "szamla.pdf", tmp_path / "szamla.xml"
    asked = _bolthid(db, "invoice", "from-order", number)
    assert (
        asked.returncode == 1
        and "--yes" in asked.stderr
        and "Végösszeg: 5 910" in asked.stdout.replace("\u00a0", " ")
    )
    out = _bolthid(db, "invoice", "from-order", number, "--yes", "--pdf", str(pdf), "--nav-xml", str(xml))
    assert out.returncode == 0, out.stderr
    assert "Elkészült: Számla SZ-" in out.stdout and "fizetendő: 5910 Ft" in out.stdout
    assert pdf.read_bytes().startswith(b"%PDF") and nav_invoice.validate(xml.read_bytes()) == []
    again = _bolthid(db, "invoice", "from-order", number, "--yes")
    assert again.returncode == 1 and "már készült számla" in again.stdout + again.stderr
    invoice_number = out.stdout.split("Elkészült: Számla ")[1].split()[0]
    # The line may be named by its product code when only one line carries it.
    modified = _bolthid(db, "invoice", "modify", invoice_number, "--line", "cli-2=1", "--nav-xml", str(xml))
    assert modified.returncode == 0, modified.stderr
    assert "Helyesbítő számla" in modified.stdout and "-1050" in modified.stdout
    reference = etree.parse(str(xml)).findtext(".//d:lineNumberReference", namespaces=NS)
    assert reference == "3", "the modification's line continues the original's two"
    storno = _bolthid(db, "invoice", "storno", invoice_number, "--nav-xml", str(xml))
    assert storno.returncode == 0, storno.stderr
    assert "-4860" in storno.stdout and nav_invoice.validate(xml.read_bytes()) == []
    reprint = tmp_path / "masolat.pdf"
    assert _bolthid(db, "invoice", "pdf", invoice_number, str(reprint)).returncode == 0
    assert reprint.read_bytes().startswith(b"%PDF")
    again_xml = tmp_path / "ujra.xml"
    assert _bolthid(db, "invoice", "xml", invoice_number, str(again_xml)).returncode == 0
    assert etree.parse(str(again_xml)).findtext(".//d:invoiceNumber", namespaces=NS) == invoice_number
    missing = _bolthid(db, "invoice", "storno", "SZ-1999-00001")
    assert missing.returncode == 1 and "Nincs ilyen sorszámú bizonylat" in missing.stderr


def test_a_buyer_without_tax_number_needs_not_vat_subject(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        number = make_order(
            s, [("EGY-1", "27%", "1", "5000")], customer="Kertbarát Kör", tax_number=""
        ).number
    held = _bolthid(db, "invoice", "from-order", number, "--yes")
    assert held.returncode == 1 and "--not-vat-subject" in held.stderr
    done = _bolthid(db, "invoice", "from-order", number, "--yes", "--not-vat-subject")
    assert done.returncode == 0, done.stderr


def test_company_show_and_set_change_only_the_given_fields(db: Database) -> None:
    out = _bolthid(
        db,
        "company",
        "set",
        "--name",
        "Parancssori Kft.",
        "--tax-number",
        "12345676-2-41",
        "--postal-code",
        "1111",
        "--city",
        "Budapest",
        "--street",
        "Fő u. 1.",
        "--vat-status",
        "cash-accounting",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)
    assert values["name"] == "Parancssori Kft." and values["vat_status"] == "cash_accounting"
    assert _bolthid(db, "company", "set", "--city", "Szeged").returncode == 0
    shown = json.loads(_bolthid(db, "company", "show", "--json").stdout)
    assert (shown["city"], shown["name"], shown["street"]) == ("Szeged", "Parancssori Kft.", "Fő u. 1.")
    wrong = _bolthid(db, "company", "set", "--tax-number", "12345678-2-41")
    assert wrong.returncode == 1 and "ellenőrző számjegye hibás" in wrong.stderr


def test_import_products_dry_run_then_real(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = [
        "Cikkszám;Megnevezés;Nettó ár;ÁFA;Készlet",
        "A-1;Alma;100;27%;3",
        ";Üres kód;1;27%;1",
        "A-2;Körte;sok;5%;1",
    ]
    path.write_text("\n".join(rows) + "\n")
    dry = _bolthid(db, "import", "products", str(path), "--dry-run")
    assert dry.returncode == 1 and "Ellenőrzés: 1 jó sor, 2 hibás sor" in dry.stdout
    assert "3. sor: hiányzik a termékkód" in dry.stderr and "4. sor: a(z) nettó ár nem szám" in dry.stderr
    listed = _bolthid(db, "list", "products", "--json")
    assert listed.returncode == 0 and "A-1" not in listed.stdout
    real = _bolthid(db, "import", "products", str(path))
    assert "1 új termék" in real.stdout
    assert "A-1" in _bolthid(db, "list", "products", "--json").stdout
