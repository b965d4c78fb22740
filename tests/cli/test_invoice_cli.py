"""`bolthid invoice from-order` and `storno` in a real subprocess: PDF and NAV XML files written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.db.database import Database
from app.output import nav_invoice
from tests.services.test_invoicing import make_order, set_company


def _bolthid(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", db.url, *args], capture_output=True, text=True
    )


def test_invoice_from_order_then_storno(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        number = make_order(s, [("CLI-1", "27%", "3", "1270")]).number
    pdf, xml = tmp_path / "szamla.pdf", tmp_path / "szamla.xml"
    out = _bolthid(db, "invoice", "from-order", number, "--pdf", str(pdf), "--nav-xml", str(xml))
    assert out.returncode == 0, out.stderr
    assert "Elkészült: SZ-" in out.stdout and "fizetendő: 3810 HUF" in out.stdout
    assert pdf.read_bytes().startswith(b"%PDF") and nav_invoice.validate(xml.read_bytes()) == []
    again = _bolthid(db, "invoice", "from-order", number)
    assert again.returncode == 1 and "már készült számla" in again.stderr
    invoice_number = out.stdout.split("Elkészült: ")[1].split()[0]
    storno = _bolthid(db, "invoice", "storno", invoice_number, "--nav-xml", str(xml))
    assert storno.returncode == 0, storno.stderr
    assert "-3810" in storno.stdout and nav_invoice.validate(xml.read_bytes()) == []
    missing = _bolthid(db, "invoice", "storno", "SZ-1999-00001")
    assert missing.returncode == 1 and "Nincs ilyen sorszámú bizonylat" in missing.stderr


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
