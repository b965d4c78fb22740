"""Every secret this database's program stored in the OS keyring (or the fallback file): API keys,
the SMTP password, the NAV technical user's secrets – listed to be removed on request (uninstall
"with data"), so nothing of the company stays in the Windows Credential Manager."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.credentials import CredentialStore, shop_api_key_name
from app.db.nav import NavProfile
from app.db.shops import Shop
from app.services.invoice_mail import PASSWORD_KEY
from app.services.nav_settings import SECRETS, secret_name


def stored_secret_names(session: Session) -> list[str]:
    names = [shop_api_key_name(shop_id) for shop_id in session.scalars(select(Shop.id))]
    names.append(PASSWORD_KEY)
    names += [secret_name(p, what) for p in session.scalars(select(NavProfile.name)) for what in SECRETS]
    return names


def forget_secrets(session: Session, credentials: CredentialStore) -> int:
    """Deletes them; returns how many were there."""
    removed = 0
    for name in stored_secret_names(session):
        if credentials.get(name) is not None:
            credentials.delete(name)
            removed += 1
    return removed
