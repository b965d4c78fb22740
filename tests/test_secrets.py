"""Secrets never land in the database, the settings or the logs; the fallback file is user-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState

API_KEY = "TITKOS-API-KULCS-7f3a9c"
SMTP_PASSWORD = "titkos-smtp-jelszo-51be"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_secrets_are_only_in_the_user_only_credentials_file(tmp_path: Path) -> None:
    state = ShopState(generate(products=3, orders=2, seed=1, customers=1))
    state.data.api_keys.append(API_KEY)
    sandbox = SandboxServer(state).start()
    home = tmp_path / "home"
    env = {**os.environ, "BOLTHID_HOME": str(home), "BOLTHID_KEYRING": "file"}

    def bolthid(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True)

    try:
        added = bolthid("shop", "add", "Titok bolt", "--api-key", API_KEY, "--url", sandbox.base_url)
        assert added.returncode == 0, added.stderr
        synced = bolthid("sync", "orders")
        assert synced.returncode == 0, synced.stderr
        script = (
            "from app.bootstrap import open_database\n"
            "from app.credentials import CredentialStore\n"
            "from app.services.invoice_mail import SmtpSettings, save_smtp_settings\n"
            "db = open_database()\n"
            "settings = SmtpSettings('smtp.example.hu', 587, 'starttls', 'u')\n"
            f"save_smtp_settings(db, CredentialStore(), settings, {SMTP_PASSWORD!r})\n"
        )
        saved = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        assert saved.returncode == 0, saved.stderr
    finally:
        sandbox.stop()
    credentials = home / "config" / "credentials.json"
    assert credentials.exists()
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert API_KEY.encode() in credentials.read_bytes() and SMTP_PASSWORD.encode() in credentials.read_bytes()
    scanned = [p for p in home.rglob("*") if p.is_file() and p != credentials]
    assert any(p.suffix == ".sqlite" for p in scanned) and any("log" in p.parts for p in scanned)
    for path in scanned:
        content = path.read_bytes()
        assert API_KEY.encode() not in content, path
        assert SMTP_PASSWORD.encode() not in content, path


def test_forget_secrets_removes_every_stored_secret_of_the_database(tmp_path: Path) -> None:
    """Uninstall "with data" runs it: no API key or password stays in the Credential Manager."""
    home = tmp_path / "home"
    env = {**os.environ, "BOLTHID_HOME": str(home), "BOLTHID_KEYRING": "file"}

    def bolthid(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True)

    assert bolthid("shop", "add", "Első bolt", "--api-key", API_KEY).returncode == 0
    assert bolthid("shop", "add", "Második bolt", "--api-key", API_KEY + "-2").returncode == 0
    credentials = home / "config" / "credentials.json"
    assert API_KEY.encode() in credentials.read_bytes()
    done = bolthid("forget-secrets")
    assert done.returncode == 0, done.stderr
    assert "2 tárolt jelszó és kulcs törölve" in done.stdout
    assert API_KEY.encode() not in credentials.read_bytes()
