"""Secrets (API keys, SMTP passwords): the OS keyring, or a user-only file where no keyring exists.

Secrets never go into the database, the settings file or the logs. On a headless Linux there is
often no keyring backend; then the secrets live in a JSON file in the config folder that only the
user can read, and ``CredentialStore.is_fallback`` lets the UI say so.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

from app import paths

SERVICE = "Bolthid"


def shop_api_key_name(shop_id: int) -> str:
    """The name a shop's API key is stored under, within its database (``DatabaseSecrets``)."""
    return f"shop:{shop_id}:api_key"


def shop_token_name(shop_id: int) -> str:
    """The shop's live UNAS session token (JSON: token, expiry, package) – a secret too."""
    return f"shop:{shop_id}:token"


# Every name the program stored, kept in the store itself: "delete my data" on uninstall removes
# every secret of the service, also those of databases the uninstaller never sees.
INDEX_NAME = "index"


FALLBACK_FILE = "credentials.json"
KEYRING_ENV = "BOLTHID_KEYRING"

FALLBACK_NOTICE = (
    "A rendszeren nincs jelszótároló (kulcstartó), ezért a jelszavak és API kulcsok egy csak az Ön "
    "felhasználója által olvasható fájlban vannak: {path}"
)


def _keyring() -> ModuleType:
    """keyring, imported when a secret is first needed (importing it costs ~0.1 s of CPU, and a
    start that reads no secret – the main window – need not pay it)."""
    if sys.platform != "darwin":
        # keyring's macOS backend looks for the Security framework on every platform: on Linux
        # ctypes.util.find_library runs ldconfig, gcc and ld for it, three times – 0.2 s of CPU.
        # Elsewhere that backend is never chosen anyway.
        sys.modules.setdefault("keyring.backends.macOS.api", None)  # type: ignore[arg-type]
    import keyring
    import keyring.errors

    return keyring


def _keyring_usable(backend: KeyringBackend) -> bool:
    # keyring picks a "fail" backend (priority 0) when nothing real is installed; the chainer
    # with no children behaves the same way.
    try:
        return backend.priority > 0
    except Exception:
        return False


def _windows_names() -> list[str]:
    """On Windows, every name keyring stored for our service in the Credential Manager (targets
    "Bolthid" and "<name>@Bolthid"): also those an older version wrote before the index."""
    if sys.platform != "win32":
        return []
    try:
        from win32ctypes.pywin32 import win32cred

        found = win32cred.CredEnumerate(None, 0) or []
    except Exception:  # no such module or nothing stored: the index still covers ours
        return []
    names = []
    for credential in found:
        target = str(credential.get("TargetName") or "")
        if target == SERVICE or target.endswith(f"@{SERVICE}"):
            names.append(str(credential.get("UserName") or target.rpartition("@")[0]))
    return [n for n in names if n]


class CredentialStore:
    def __init__(self, fallback_dir: Path | None = None, *, use_keyring: bool | None = None) -> None:
        if use_keyring is None and os.environ.get(KEYRING_ENV) == "file":
            use_keyring = False  # a server or a test: the user-only file even where a keyring exists
        # The backend is looked for only when it may be used (finding it imports every backend).
        self._use_keyring = _keyring_usable(_keyring().get_keyring()) if use_keyring is None else use_keyring
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
            return _keyring().get_password(SERVICE, name)
        return self._read_file().get(name)

    def set(self, name: str, secret: str) -> None:
        if self._use_keyring:
            names = self.stored_names()
            if name not in names and name != INDEX_NAME:
                _keyring().set_password(SERVICE, INDEX_NAME, json.dumps(sorted({*names, name})))
            _keyring().set_password(SERVICE, name, secret)
            return
        with self._lock:
            data = self._read_file()
            data[name] = secret
            self._write_file(data)

    def for_database(self, identity: str) -> DatabaseSecrets:
        return DatabaseSecrets(self, identity)

    def stored_names(self) -> list[str]:
        """Every name stored through this program (the keyring's index; the whole fallback file)."""
        if not self._use_keyring:
            return sorted(self._read_file())
        try:
            names = json.loads(_keyring().get_password(SERVICE, INDEX_NAME) or "[]")
        except ValueError:
            return []
        return [n for n in names if isinstance(n, str)]

    def forget_all(self, also: list[str] | None = None) -> int:
        """Deletes every secret of the service (the index and ``also``: names of older versions,
        stored before the index existed). Returns how many were there."""
        removed = 0
        for name in sorted({*self.stored_names(), *(also or []), *_windows_names()}):
            if self.get(name) is not None:
                self.delete(name)
                removed += 1
        if self._use_keyring:
            self.delete(INDEX_NAME)
        return removed

    def delete(self, name: str) -> None:
        if self._use_keyring:
            try:
                _keyring().delete_password(SERVICE, name)
            except _keyring().errors.PasswordDeleteError:
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


class DatabaseSecrets:
    """One database's part of the store: every name carries the database's identity
    (app.db.identity), so a second company's database or a test copy on the same OS account
    never reads or overwrites this one's keys.

    Versions before the identity stored bare names (``shop:1:api_key``). ``get`` still finds
    such a secret, and ``adopt`` moves it to this database's name once it proved right (a login
    worked): the bare name may belong to another database on this account, so it is never moved
    on trust, and the old name is deleted only after the new one is written.
    """

    def __init__(self, store: CredentialStore, identity: str) -> None:
        self.store = store
        self.identity = identity

    def full_name(self, name: str) -> str:
        return f"db:{self.identity}:{name}"

    def get(self, name: str) -> str | None:
        value = self.store.get(self.full_name(name))
        return value if value is not None else self.store.get(name)

    def is_legacy(self, name: str) -> bool:
        return self.store.get(self.full_name(name)) is None and self.store.get(name) is not None

    def set(self, name: str, secret: str) -> None:
        self.store.set(self.full_name(name), secret)

    def delete(self, name: str) -> None:
        self.store.delete(self.full_name(name))

    def adopt(self, name: str) -> bool:
        """The secret under the old bare name worked for this database: it becomes this
        database's own. Returns whether anything moved."""
        if not self.is_legacy(name):
            return False
        old = self.store.get(name)
        assert old is not None
        self.store.set(self.full_name(name), old)
        if self.store.get(self.full_name(name)) == old:
            self.store.delete(name)
        return True
