"""Removing every secret the program stored in the OS keyring (or the fallback file) – API keys,
UNAS session tokens, the SMTP password, the NAV technical user's secrets – on request (uninstall
"with data"), so nothing of any company stays in the Windows Credential Manager."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.credentials import CredentialStore, shop_api_key_name, shop_token_name
from app.db.identity import identity
from app.db.nav import NavProfile
from app.db.shops import Shop
from app.services.invoice_mail import PASSWORD_KEY
from app.services.nav_settings import SECRETS, secret_name


def stored_secret_names(session: Session) -> list[str]:
    """This database's secret names, in their bare form (before the database identity)."""
    shop_ids = list(session.scalars(select(Shop.id)))
    names = [shop_api_key_name(shop_id) for shop_id in shop_ids]
    names += [shop_token_name(shop_id) for shop_id in shop_ids]
    names.append(PASSWORD_KEY)
    names += [secret_name(p, what) for p in session.scalars(select(NavProfile.name)) for what in SECRETS]
    return names


def forget_secrets(session: Session, credentials: CredentialStore) -> int:
    """Deletes every secret of the program's service name: all that the store's index lists (any
    database's), and this database's names under the old bare and the new form (an older
    version wrote them without the index). Returns how many were there."""
    bare = stored_secret_names(session)
    secrets = credentials.for_database(identity(session))
    return credentials.forget_all([*bare, *(secrets.full_name(name) for name in bare)])
