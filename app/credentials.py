"""Secrets (API keys, SMTP passwords): the OS keyring, or a user-only file where no keyring exists.

Secrets never go into the database, the settings file or the logs. On a headless Linux there is
often no keyring backend; then the secrets live in a JSON file in the config folder that only the
user can read, and ``CredentialStore.is_fallback`` lets the UI say so.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from app import paths

SERVICE = "Bolthid"


def shop_api_key_name(shop_id: int) -> str:
    """The name a shop's API key is stored under (sync, uninstall's forget-secrets)."""
    return f"shop:{shop_id}:api_key"


FALLBACK_FILE = "credentials.json"
KEYRING_ENV = "BOLTHID_KEYRING"

FALLBACK_NOTICE = (
    "A rendszeren nincs jelszótároló (kulcstartó), ezért a jelszavak és API kulcsok egy csak az Ön "
    "felhasználója által olvasható fájlban vannak: {path}"
)


def _keyring_usable(backend: keyring.backend.KeyringBackend) -> bool:
    # keyring picks a "fail" backend (priority 0) when nothing real is installed; the chainer
    # with no children behaves the same way.
    try:
        return backend.priority > 0
    except Exception:
        return False


class CredentialStore:
    def __init__(self, fallback_dir: Path | None = None, *, use_keyring: bool | None = None) -> None:
        self._backend = keyring.get_keyring()
        if use_keyring is None and os.environ.get(KEYRING_ENV) == "file":
            use_keyring = False  # a server or a test: the user-only file even where a keyring exists
        self._use_keyring = _keyring_usable(self._backend) if use_keyring is None else use_keyring
        self._fallback_path = (fallback_dir or paths.config_dir()) / FALLBACK_FILE
        self._lock = threading.Lock()

    @property
    def is_fallback(self) -> bool:
        return not self._use_keyring

    def describe(self) -> str:
        """Hungarian sentence for the UI telling where secrets are kept."""
        if self._use_keyring:
            return "A jelszavakat és API kulcsokat a rendszer kulcstartója őrzi."
        return FALLBACK_NOTICE.format(path=self._fallback_path)

    def get(self, name: str) -> str | None:
        if self._use_keyring:
            return keyring.get_password(SERVICE, name)
        return self._read_file().get(name)

    def set(self, name: str, secret: str) -> None:
        if self._use_keyring:
            keyring.set_password(SERVICE, name, secret)
            return
        with self._lock:
            data = self._read_file()
            data[name] = secret
            self._write_file(data)

    def delete(self, name: str) -> None:
        if self._use_keyring:
            try:
                keyring.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                pass
            return
        with self._lock:
            data = self._read_file()
            if data.pop(name, None) is not None:
                self._write_file(data)

    def _read_file(self) -> dict[str, str]:
        try:
            return json.loads(self._fallback_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def _write_file(self, data: dict[str, str]) -> None:
        self._fallback_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._fallback_path.with_suffix(".tmp")
        # Created with owner-only permissions from the start, so the secret is never readable by
        # others even for a moment (on Windows the profile folder is already per-user).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, self._fallback_path)
