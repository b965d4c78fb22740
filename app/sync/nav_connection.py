"""„Kapcsolat tesztelése”: the technical user tried for real, with a Hungarian verdict.

queryTaxpayer on our own tax number checks the login, the password, the signature key and the
taxpayer; a token exchange checks the exchange key (it decodes the token). Neither stores
anything at NAV.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.nav import NavProfile
from app.errors import ValidationError
from app.nav.errors import NavCredentialError, NavError
from app.services import nav_settings
from app.sync.nav_sender import ClientFactory, default_client
from app.timeutil import utcnow


@dataclass(frozen=True)
class ConnectionResult:
    ok: bool
    message: str


def test_connection(
    db: Database,
    creds: CredentialStore,
    *,
    profile: str = nav_settings.MAIN,
    clock: Callable[[], datetime] = utcnow,
    client_factory: ClientFactory = default_client,
) -> ConnectionResult:
    with db.reading() as session:
        row = session.get(NavProfile, profile)
        if row is None:
            raise ValidationError("Még nincs NAV beállítás: adja meg a technikai felhasználó adatait.")
        session.expunge(row)
    secrets = creds.for_database(db.identity())
    user = nav_settings.nav_user(secrets, row)
    if user is None:
        raise ValidationError("A NAV jelszó vagy valamelyik kulcs hiányzik a jelszótárolóból: adja meg újra.")
    client = client_factory(user, row.base_url, clock)
    client.timeout = (5.0, 15.0)
    try:
        me = client.taxpayer(user.tax_number)
        client.exchange_token()
        nav_settings.adopt_secrets(secrets, profile)
    except NavCredentialError as exc:
        return ConnectionResult(False, exc.user_message)
    except NavError as exc:
        return ConnectionResult(False, exc.user_message)
    name = f" ({me.name})" if me.name else ""
    where = nav_settings.ENVIRONMENTS.get(row.environment, row.environment)
    if not me.valid:
        return ConnectionResult(
            False, f"A kapcsolat működik, de a NAV szerint a(z) {user.tax_number} adószám nem érvényes."
        )
    if row.stopped_reason:
        with db.transaction() as session:
            stored = session.get(NavProfile, profile)
            if stored is not None:
                stored.stopped_reason = ""  # the settings work now: sending may go on
    return ConnectionResult(True, f"A kapcsolat rendben: {where}, adózó {user.tax_number}{name}.")
