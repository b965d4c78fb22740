"""Questions about the connected webshops that the rest of the program asks."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.db.shops import Shop

# The built-in test shop (app.sandbox_shop): named here so the main window finds it without
# importing the sandbox servers at start.
SANDBOX_SHOP = "Tesztbolt (beépített)"


def any_shop_configured(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Shop.active.is_(True)))))


def shop_id_by_name(session: Session, name: str) -> int | None:
    return session.scalar(select(Shop.id).where(Shop.name == name))


def test_shops(session: Session) -> list[tuple[int, str]]:
    """Shops marked "Teszt webáruház" (Élesítés is offered for these)."""
    return [(i, n) for i, n in session.execute(select(Shop.id, Shop.name).where(Shop.is_test.is_(True)))]


def active_shops(session: Session) -> list[tuple[int, str]]:
    return [
        (i, n)
        for i, n in session.execute(select(Shop.id, Shop.name).where(Shop.active.is_(True)).order_by(Shop.id))
    ]


def has_any_shop(session: Session) -> bool:
    return session.scalar(select(Shop.id).limit(1)) is not None


def test_shop_named(session: Session, name: str) -> int | None:
    return session.scalar(select(Shop.id).where(Shop.name == name, Shop.is_test.is_(True)))
