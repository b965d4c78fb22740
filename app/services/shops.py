"""Questions about the connected webshops that the rest of the program asks."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.db.shops import Shop


def any_shop_configured(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Shop.active.is_(True)))))
