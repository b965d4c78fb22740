"""Törzsadatok › NAV Online Számla: the technical user and where reports go.

Two profiles: "main" (the user's: NAV's production or test environment, or a built-in service
at an address) and "sandbox" (test mode's built-in service, set while it runs). The password and
the two keys live in the credentials store under ``nav:<profile>:…``, never in the database.
Saving a profile clears a credential stop: the sender tries again with the new settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import __version__
from app.credentials import CredentialStore, DatabaseSecrets
from app.db.identity import identity
from app.db.nav import NavProfile
from app.errors import ValidationError
from app.nav.client import PRODUCTION_URL, TEST_URL
from app.nav.records import NavUser, Software
from app.timeutil import utcnow
from app.values.tax_numbers import TaxNumberError, parse_hungarian

MAIN = "main"
SANDBOX = "sandbox"
PRODUCTION = "production"
TEST = "test"
BUILTIN = "builtin"
ENVIRONMENTS = {
    PRODUCTION: "Éles (NAV Online Számla)",
    TEST: "Teszt (NAV tesztkörnyezet)",
    BUILTIN: "Beépített tesztszolgáltatás",
}
URLS = {PRODUCTION: PRODUCTION_URL, TEST: TEST_URL}
SECRETS = ("password", "signature_key", "exchange_key")
LOGIN = re.compile(r"^[a-zA-Z0-9]{6,15}$")
# softwareId: 18 characters of [0-9A-Z-], the same for every installation of this program.
SOFTWARE = Software(
    software_id="HU-BOLTHID-DESKTOP",
    name="Bolthid",
    version=__version__,
    dev_name="Bolthid fejlesztok",
    dev_contact="fejlesztes@bolthid.hu",
)


@dataclass
class NavSettingsInput:
    environment: str
    login: str
    tax_number: str
    base_url: str = ""  # empty: NAV's address for the environment (the built-in service needs one)
    password: str = ""  # empty: keep the stored one
    signature_key: str = ""
    exchange_key: str = ""


def secret_name(profile: str, what: str) -> str:
    return f"nav:{profile}:{what}"


def profile(session: Session, name: str = MAIN) -> NavProfile | None:
    return session.get(NavProfile, name)


def save_profile(
    session: Session, creds: CredentialStore, data: NavSettingsInput, name: str = MAIN
) -> NavProfile:
    if data.environment not in ENVIRONMENTS:
        raise ValidationError(f"Ismeretlen NAV környezet: {data.environment}")
    login = data.login.strip()
    if not LOGIN.match(login):
        raise ValidationError(
            "A technikai felhasználó neve 6–15 betű vagy számjegy (a NAV Online Számla felületén, a "
            "technikai felhasználó adatainál látható)."
        )
    try:
        tax = parse_hungarian(data.tax_number).base
    except TaxNumberError as exc:
        raise ValidationError(f"NAV beállítás: {exc}") from exc
    # NAV's own address by default; another one (a proxy, or the built-in service standing in for
    # NAV in a rehearsal) when given. The environment, not the address, decides what may go there.
    url = data.base_url.strip() or URLS.get(data.environment, "")
    if not url.startswith(("http://", "https://")):
        raise ValidationError(
            "A beépített tesztszolgáltatás címe hiányzik (pl. http://127.0.0.1:8765/invoiceService/v3/)."
        )
    store = creds.for_database(identity(session))
    current = session.get(NavProfile, name)
    secrets = {
        "password": data.password,
        "signature_key": data.signature_key.strip(),
        "exchange_key": data.exchange_key.strip(),
    }
    for what, value in secrets.items():
        if not value and (current is None or not store.get(secret_name(name, what))):
            raise ValidationError(f"NAV beállítás: hiányzik {_SECRET_WORDS[what]}.")
    if secrets["exchange_key"] and len(secrets["exchange_key"].encode()) != 16:
        raise ValidationError(
            "A cserekulcs 16 karakter hosszú (a NAV felületén a technikai felhasználónál látható)."
        )
    for what, value in secrets.items():
        if value:
            store.set(secret_name(name, what), value)
    if current is None:
        current = NavProfile(name=name)
        session.add(current)
    current.environment = data.environment
    current.base_url = url
    current.login = login
    current.tax_number = tax
    current.updated_at = utcnow()
    current.stopped_reason = ""  # new settings: sending may start again
    current.stopped_at = None
    current.failures = 0
    current.retry_at = None
    session.flush()
    return current


_SECRET_WORDS = {"password": "a jelszó", "signature_key": "az aláírókulcs", "exchange_key": "a cserekulcs"}


def nav_user(secrets: DatabaseSecrets, row: NavProfile) -> NavUser | None:
    """The technical user of a profile, or None when a secret is missing from the store."""
    values = {what: secrets.get(secret_name(row.name, what)) for what in SECRETS}
    if not all(values.values()):
        return None
    return NavUser(
        row.login,
        values["password"] or "",
        values["signature_key"] or "",
        values["exchange_key"] or "",
        row.tax_number,
    )


def adopt_secrets(secrets: DatabaseSecrets, profile: str) -> None:
    """NAV answered with these secrets: ones found under an older version's bare names become
    this database's own (app.credentials.DatabaseSecrets.adopt)."""
    for what in SECRETS:
        secrets.adopt(secret_name(profile, what))


def describe(session: Session) -> dict[str, object]:
    """The main profile for the settings dialog and `bolthid nav status` (never the secrets)."""
    row = session.get(NavProfile, MAIN)
    if row is None:
        return {"configured": False}
    return {
        "configured": True,
        "environment": row.environment,
        "environment_label": ENVIRONMENTS.get(row.environment, row.environment),
        "base_url": row.base_url,
        "login": row.login,
        "tax_number": row.tax_number,
        "stopped_reason": row.stopped_reason,
    }
