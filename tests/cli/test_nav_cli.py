"""`bolthid nav …` in real subprocesses: the service served, the user set up from files, a
connection test that says what is wrong, an invoice reported as it is issued, its status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.database import Database
from app.navsandbox.users import DEFAULT_USER
from tests.services.test_invoicing import make_order, set_company

USER = {
    "login": "cliteszt01",
    "password": "Cli-Jelszo-77",
    "signature_key": "cl-1111-parancssori-alairokulcs00",
    "exchange_key": "CLITESZTCSEREKUL",
    "tax_number": DEFAULT_USER.tax_number,
}


def _env() -> dict[str, str]:
    return {**os.environ, "BOLTHID_KEYRING": "file"}


def _bolthid(db: Database, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", db.url, *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=_env(),
        timeout=120,
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`bolthid nav serve` on a free port with a user file; yields its address and state file."""
    users, state = tmp_path / "nav-user.json", tmp_path / "nav-state.json"
    users.write_text(json.dumps(USER), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "nav", "serve", "--state", str(state), "--user-file", str(users)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("NAV tesztszolgáltatás: http://127.0.0.1:"), first + str(
        process.stderr and process.stderr.read()
    )
    yield first.split(": ", 1)[1].strip(), state
    process.terminate()
    process.wait(timeout=20)


def _files(tmp_path: Path, **secrets: str) -> list[str]:
    args = []
    for name in ("password", "signature_key", "exchange_key"):
        path = tmp_path / f"{name}.txt"
        path.write_text(secrets.get(name, USER[name]) + "\n", encoding="utf-8")
        args += [f"--{name.replace('_', '-')}-file", str(path)]
    return args


def test_setup_test_issue_and_status(db: Database, served: tuple[str, Path], tmp_path: Path) -> None:
    url, state = served
    with db.transaction() as s:
        set_company(s)
        number = make_order(s, [("CLI-NAV", "27%", "1", "1270")]).number
    setup = _bolthid(
        db,
        "nav",
        "setup",
        "--login",
        USER["login"],
        "--tax-number",
        "12345676-2-41",
        "--url",
        url,
        *_files(tmp_path),
    )
    assert setup.returncode == 0, setup.stderr
    ok = _bolthid(db, "nav", "test")
    assert ok.returncode == 0 and "A kapcsolat rendben" in ok.stdout, ok.stdout + ok.stderr
    issued = _bolthid(db, "invoice", "from-order", number, "--yes")
    assert issued.returncode == 0, issued.stderr
    assert "NAV: Befogadva" in issued.stdout, issued.stdout
    invoice = issued.stdout.split("Elkészült: Számla ")[1].split()[0]
    status = _bolthid(db, "nav", "status", invoice, "--json")
    data = json.loads(status.stdout)
    assert [(r["number"], r["state"]) for r in data["reports"]] == [(invoice, "DONE")]
    assert data["reports"][0]["transaction_id"] and data["settings"]["login"] == USER["login"]
    # The service kept what it received in its state file.
    assert invoice in {i["number"] for i in json.loads(state.read_text(encoding="utf-8"))["invoices"]}
    # Secrets are nowhere in the database or the output.
    raw = Path(db.url.removeprefix("sqlite:///")).read_bytes() if db.url.startswith("sqlite") else b""
    for secret in (USER["password"], USER["signature_key"], USER["exchange_key"]):
        assert secret.encode() not in raw and secret not in setup.stdout + status.stdout


def test_a_wrong_password_is_named_and_secrets_come_from_files_or_stdin(
    db: Database, served: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = served
    bad = _bolthid(
        db,
        "nav",
        "setup",
        "--login",
        USER["login"],
        "--tax-number",
        USER["tax_number"],
        "--url",
        url,
        "--password-file",
        "-",
        "--signature-key-file",
        "-",
        "--exchange-key-file",
        "-",
        stdin=f"rossz-jelszo\n{USER['signature_key']}\n{USER['exchange_key']}\n",
    )
    assert bad.returncode == 0, bad.stderr
    tested = _bolthid(db, "nav", "test")
    assert (
        tested.returncode == 1
        and "nem fogadta el a technikai felhasználó nevét vagy jelszavát" in tested.stderr
    )
    wrong_key = _bolthid(
        db,
        "nav",
        "setup",
        "--login",
        USER["login"],
        "--tax-number",
        USER["tax_number"],
        "--url",
        url,
        *_files(tmp_path, exchange_key="ROSSZCSEREKULCS1"),
    )
    assert wrong_key.returncode == 0
    tested = _bolthid(db, "nav", "test")
    assert tested.returncode == 1 and "cserekulcs" in tested.stderr
    short = _bolthid(
        db,
        "nav",
        "setup",
        "--login",
        "ab",
        "--tax-number",
        USER["tax_number"],
        "--url",
        url,
        *_files(tmp_path),
    )
    assert short.returncode == 1 and "6–15 betű" in short.stderr and "Traceback" not in short.stderr


def test_no_settings_the_invoice_is_issued_and_waits(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        number = make_order(s, [("VAR-1", "27%", "1", "1270")]).number
    issued = _bolthid(db, "invoice", "from-order", number, "--yes")
    assert issued.returncode == 0, issued.stderr
    assert "NAV: Beküldésre vár (Nincs NAV beállítás" in issued.stdout
    status = _bolthid(db, "nav", "status")
    assert "waiting" in status.stdout and "beküldésre vagy visszaigazolásra vár" in status.stdout
