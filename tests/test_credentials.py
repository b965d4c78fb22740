"""Secrets go to the keyring, or to a user-only file when no keyring exists; never to the database."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.credentials import CredentialStore
from tests.conftest import MemoryKeyring


def test_keyring_is_used_when_available(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = CredentialStore(tmp_path)
    assert not store.is_fallback
    store.set("shop:1:api_key", "titkos")
    assert memory_keyring.store[("Bolthid", "shop:1:api_key")] == "titkos"
    assert store.get("shop:1:api_key") == "titkos"
    store.delete("shop:1:api_key")
    assert store.get("shop:1:api_key") is None
    assert not (tmp_path / "credentials.json").exists()


def test_fallback_file_is_readable_only_by_the_user(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path, use_keyring=False)
    assert store.is_fallback and "csak az Ön" in store.describe()
    store.set("smtp", "jelszó")
    store.set("shop:2:api_key", "k2")
    path = tmp_path / "credentials.json"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = CredentialStore(tmp_path, use_keyring=False)
    assert again.get("smtp") == "jelszó" and again.get("shop:2:api_key") == "k2"
    again.delete("smtp")
    assert CredentialStore(tmp_path, use_keyring=False).get("smtp") is None


def test_fail_backend_means_fallback(tmp_path: Path) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert CredentialStore(tmp_path).is_fallback
    finally:
        keyring.set_keyring(previous)
