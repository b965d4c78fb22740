"""The built-in NAV test service on a free port, a technical user set up for it, and clocks that
move together (the service's and the sender's), so no test waits for time to pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from app.credentials import CredentialStore
from app.db.database import Database
from app.navsandbox.server import NavTestService
from app.navsandbox.users import DEFAULT_USER, TechnicalUser
from app.services import nav_settings
from app.timeutil import utcnow


@dataclass
class Clocks:
    service: NavTestService
    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)
        self.service.advance(seconds)


@pytest.fixture
def nav_service() -> Iterator[NavTestService]:
    service = NavTestService().start()
    yield service
    service.stop()


@pytest.fixture
def clocks(nav_service: NavTestService) -> Clocks:
    return Clocks(nav_service)


@pytest.fixture
def creds() -> CredentialStore:
    return CredentialStore()


def set_up_nav(
    db: Database,
    creds: CredentialStore,
    service: NavTestService,
    user: TechnicalUser = DEFAULT_USER,
    environment: str = nav_settings.PRODUCTION,
    **override: str,
) -> None:
    """The profile the user would enter: the built-in service standing in for NAV's address."""
    data = nav_settings.NavSettingsInput(
        environment=environment,
        login=user.login,
        tax_number=user.tax_number,
        base_url=service.base_url,
        password=user.password,
        signature_key=user.signature_key,
        exchange_key=user.exchange_key,
    )
    for key, value in override.items():
        setattr(data, key, value)
    with db.transaction() as session:
        nav_settings.save_profile(session, creds, data)
