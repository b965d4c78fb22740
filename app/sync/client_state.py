"""The UNAS client's state kept in the database, so every process and workstation shares it.

Each method runs in its own short transaction and commits at once: a ban seen by one
workstation stops the others on their next call, and call counts add up across all of them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.credentials import DatabaseSecrets, shop_api_key_name, shop_token_name
from app.db.database import Database
from app.db.shop_api import ShopApiCall, ShopApiFailedItem, ShopApiFailure, ShopApiState
from app.formatting import format_date
from app.timeutil import utcnow
from app.unas.state import TokenInfo

# Call counts are kept per minute; rows older than this are purged as new calls come in.
KEEP_CALLS = timedelta(hours=2)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


class DbStateStore:
    def __init__(self, db: Database, shop_id: int, secrets: DatabaseSecrets | None = None) -> None:
        self.db = db
        self.shop_id = shop_id
        # The session token is a secret: kept in the OS keyring beside the key, per workstation,
        # never in the database or its backups. Without a store (status queries) it stays in memory.
        self.secrets = secrets
        self._token: TokenInfo | None = None

    def _state(self, session: Session) -> ShopApiState:
        row = session.get(ShopApiState, self.shop_id)
        if row is None:
            # Two workstations may create the row at the same moment: insert-or-ignore, then read.
            insert = _upsert_insert(session)
            session.execute(
                insert(ShopApiState).values(shop_id=self.shop_id, backoff_step=0).on_conflict_do_nothing()
            )
            row = session.get(ShopApiState, self.shop_id, populate_existing=True)
            assert row is not None
        return row

    def _read(self) -> ShopApiState | None:
        with self.db.reading() as session:
            return session.get(ShopApiState, self.shop_id)

    # --- token --------------------------------------------------------------------------------
    def get_token(self) -> TokenInfo | None:
        if self._token is None and self.secrets is not None:
            self._token = _token_from_text(self.secrets.get(shop_token_name(self.shop_id)))
        return self._token

    def set_token(self, info: TokenInfo | None) -> None:
        self._token = info
        if self.secrets is not None:
            if info is None:
                self.secrets.delete(shop_token_name(self.shop_id))
            else:
                self.secrets.set(shop_token_name(self.shop_id), _token_text(info))
                # A token came back: the key is right for this database, so a key found under an
                # older version's bare name becomes this database's own (app.credentials).
                self.secrets.adopt(shop_api_key_name(self.shop_id))
        if info is not None:
            with self.db.transaction() as session:
                self._state(session).subscription = info.subscription

    # --- key, ban, back-off ------------------------------------------------------------------------
    def key_rejected(self) -> str | None:
        row = self._read()
        return row.key_rejected if row else None

    def set_key_rejected(self, message: str | None) -> None:
        with self.db.transaction() as session:
            self._state(session).key_rejected = message

    def banned_until(self, scope: str) -> datetime | None:
        # One ban for the whole shop whatever endpoint tripped it (the safe reading).
        row = self._read()
        return row.banned_until if row else None

    def set_ban(self, scope: str, until: datetime) -> None:
        with self.db.transaction() as session:
            row = self._state(session)
            if row.banned_until is None or row.banned_until < until:
                row.banned_until = until

    def backoff(self) -> tuple[datetime, int] | None:
        row = self._read()
        if row is None or row.backoff_until is None:
            return None
        return row.backoff_until, row.backoff_step

    def set_backoff(self, until: datetime | None, step: int = 0) -> None:
        row = self._read()
        if until is None and (row is None or row.backoff_until is None):
            return  # the common case after every answered call: nothing to write
        with self.db.transaction() as session:
            state = self._state(session)
            state.backoff_until = until
            state.backoff_step = step if until else 0

    # --- call counts ---------------------------------------------------------------------------
    def count_calls(self, bucket: str, since: datetime) -> int:
        with self.db.reading() as session:
            total = session.scalar(
                select(func.sum(ShopApiCall.count)).where(
                    ShopApiCall.shop_id == self.shop_id,
                    ShopApiCall.bucket == bucket,
                    # The minute containing ``since`` counts whole: over-counting is the safe side.
                    ShopApiCall.minute >= _minute(since),
                )
            )
        return int(total or 0)

    def oldest_call(self, bucket: str, since: datetime) -> datetime | None:
        with self.db.reading() as session:
            return session.scalar(
                select(func.min(ShopApiCall.minute)).where(
                    ShopApiCall.shop_id == self.shop_id,
                    ShopApiCall.bucket == bucket,
                    ShopApiCall.minute >= _minute(since),
                )
            )

    def record_call(self, bucket: str, at: datetime) -> None:
        minute = _minute(at)
        with self.db.transaction() as session:
            where = (
                ShopApiCall.shop_id == self.shop_id,
                ShopApiCall.bucket == bucket,
                ShopApiCall.minute == minute,
            )
            updated = session.execute(update(ShopApiCall).where(*where).values(count=ShopApiCall.count + 1))
            if updated.rowcount == 0:  # type: ignore[attr-defined]
                try:
                    with session.begin_nested():
                        session.add(ShopApiCall(shop_id=self.shop_id, bucket=bucket, minute=minute, count=1))
                except IntegrityError:
                    session.execute(update(ShopApiCall).where(*where).values(count=ShopApiCall.count + 1))
                session.execute(
                    delete(ShopApiCall).where(
                        ShopApiCall.shop_id == self.shop_id, ShopApiCall.minute < at - KEEP_CALLS
                    )
                )

    # --- failures --------------------------------------------------------------------------------
    def failures(self, endpoint: str) -> tuple[int, datetime | None]:
        with self.db.reading() as session:
            row = session.get(ShopApiFailure, (self.shop_id, endpoint))
            return (row.count, row.last_at) if row else (0, None)

    def set_failures(self, endpoint: str, count: int, last: datetime | None) -> None:
        if count == 0 and self.failures(endpoint)[0] == 0:
            return  # nothing to reset
        with self.db.transaction() as session:
            self._upsert(session, ShopApiFailure, {"endpoint": endpoint}, {"count": count, "last_at": last})

    def failed_items(self, endpoint: str, keys: Collection[str]) -> dict[str, str]:
        wanted = list(keys)
        found: dict[str, str] = {}
        with self.db.reading() as session:
            for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
                rows = session.execute(
                    select(ShopApiFailedItem.item_key, ShopApiFailedItem.fingerprint).where(
                        ShopApiFailedItem.shop_id == self.shop_id,
                        ShopApiFailedItem.endpoint == endpoint,
                        ShopApiFailedItem.item_key.in_(wanted[start : start + 500]),
                    )
                )
                found.update((key, fp) for key, fp in rows)
        return found

    def set_failed_items(self, endpoint: str, changes: Mapping[str, str | None]) -> None:
        cleared = [key for key, fp in changes.items() if fp is None]
        failed = {key: fp for key, fp in changes.items() if fp is not None}
        if cleared and not failed and not self.failed_items(endpoint, cleared):
            return  # the usual case: everything went through and nothing had failed before
        with self.db.transaction() as session:
            for start in range(0, len(cleared), 500):
                session.execute(
                    delete(ShopApiFailedItem).where(
                        ShopApiFailedItem.shop_id == self.shop_id,
                        ShopApiFailedItem.endpoint == endpoint,
                        ShopApiFailedItem.item_key.in_(cleared[start : start + 500]),
                    )
                )
            for key, fingerprint in failed.items():
                ident = {"endpoint": endpoint, "item_key": key}
                self._upsert(session, ShopApiFailedItem, ident, {"fingerprint": fingerprint})

    def _upsert(
        self, session: Session, model: type, ident: Mapping[str, object], values: Mapping[str, object]
    ) -> None:
        # Two workstations may write the same row first: insert-or-update in one statement.
        insert = _upsert_insert(session)
        stmt = insert(model).values(shop_id=self.shop_id, **ident, **values)
        session.execute(stmt.on_conflict_do_update(index_elements=["shop_id", *ident], set_=values))


def _upsert_insert(session: Session) -> Any:
    """The dialect's INSERT with ON CONFLICT. Imported when first used: the PostgreSQL dialect
    package (with its asyncpg module) costs ~30 ms at every start, and SQLite never needs it."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    from sqlalchemy.dialects import sqlite

    return sqlite.insert


def _token_text(info: TokenInfo) -> str:
    return json.dumps(
        {"token": info.token, "expires_at": info.expires_at.isoformat(), "subscription": info.subscription}
    )


def _token_from_text(text: str | None) -> TokenInfo | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        expires = datetime.fromisoformat(data["expires_at"])
        if expires.tzinfo is None:
            return None
        return TokenInfo(str(data["token"]), expires, str(data["subscription"]))
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable token only costs a login


def blocked_reason(db: Database, shop_id: int, now: datetime | None = None) -> str:
    """Why a shop must not be called now ("" when it may); shown in Budapest time."""
    now = now or utcnow()
    with db.reading() as session:
        state = session.get(ShopApiState, shop_id)
    if state is None:
        return ""
    if state.key_rejected:
        return "az API kulcs hibás; adja meg újra a Webáruházak ablakban"
    if state.banned_until and state.banned_until > now:
        return f"a UNAS kitiltotta a gépet eddig: {format_date(state.banned_until)}"
    if state.backoff_until and state.backoff_until > now:
        return f"a webáruház nem válaszolt; újrapróbálás {format_date(state.backoff_until)} után"
    return ""
