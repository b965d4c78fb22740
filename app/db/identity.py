"""The database's own identity: a random id made once, when the database is created.

Secrets (API keys, passwords, the UNAS session token) are stored in the OS keyring under names
that carry it, so two databases on one OS account – a second company, a test copy – never read or
overwrite each other's keys even when their shops have the same id. A restored backup is the same
database and keeps it; a test copy made by the program gets a new one (``renew``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime
from app.timeutil import utcnow

ROW_ID = 1


class DatabaseIdentity(Base):
    """One row."""

    __tablename__ = "database_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


def new_identity() -> str:
    return uuid.uuid4().hex


def identity(session: Session) -> str:
    row = session.get(DatabaseIdentity, ROW_ID)
    if row is None:  # every migrated database has the row; a model-only test database may not
        row = DatabaseIdentity(id=ROW_ID, identity=new_identity())
        session.add(row)
        session.flush()
    return row.identity


def renew(session: Session) -> str:
    """A new identity (a test copy): the copy finds none of the original's secrets."""
    row = session.get(DatabaseIdentity, ROW_ID)
    if row is None:
        row = DatabaseIdentity(id=ROW_ID)
        session.add(row)
    row.identity = new_identity()
    row.created_at = utcnow()
    session.flush()
    return row.identity
