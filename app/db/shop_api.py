"""The UNAS client state per shop, shared by every process and workstation (budget, bans; the
session token is a secret and lives in the OS keyring, app.sync.client_state)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime


class ShopApiState(Base):
    """One row per shop: package, "key is wrong", ban and back-off, as the client saw them."""

    __tablename__ = "shop_api_state"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    subscription: Mapped[str | None] = mapped_column(String(20))
    key_rejected: Mapped[str | None] = mapped_column(Text)
    banned_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    backoff_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    backoff_step: Mapped[int] = mapped_column(Integer, default=0)


class ShopApiCall(Base):
    """Calls made per shop, budget bucket and minute (a rolling hour is the last 60 rows' sum)."""

    __tablename__ = "shop_api_calls"
    __table_args__ = (UniqueConstraint("shop_id", "bucket", "minute"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    bucket: Mapped[str] = mapped_column(String(60))
    minute: Mapped[datetime] = mapped_column(UtcDateTime())
    count: Mapped[int] = mapped_column(Integer, default=0)


class ShopApiFailure(Base):
    """Consecutive failed calls per endpoint (UNAS bans the IP at 20)."""

    __tablename__ = "shop_api_failures"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ShopApiFailedItem(Base):
    """Items a set call refused, with the fingerprint of the data sent: not resent until it changes."""

    __tablename__ = "shop_api_failed_items"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(40), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
