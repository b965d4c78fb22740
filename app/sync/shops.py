"""Connecting shops: store the options (the key goes to the credentials store), build a client."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shop_api import ShopApiState
from app.db.shops import DEFAULT_UNAS_URL, Shop, ShopStockWarehouse
from app.db.stock import Warehouse
from app.errors import NotFoundError, ValidationError
from app.sync.client_state import DbStateStore
from app.timeutil import budapest_today, utcnow
from app.unas.client import UnasClient
from app.unas.records import LoginInfo


def api_key_name(shop_id: int) -> str:
    return f"shop:{shop_id}:api_key"


@dataclass
class ShopInput:
    name: str
    api_key: str | None = None
    base_url: str = DEFAULT_UNAS_URL
    order_warehouse: str | None = None
    stock_warehouses: list[str] = field(default_factory=list)
    billable_only: bool = False
    series_prefix: str | None = None
    import_since: date | None = None


def _warehouse(session: Session, name: str | None) -> Warehouse:
    stmt = select(Warehouse).order_by(Warehouse.id)
    if name:
        stmt = stmt.where(Warehouse.name == name)
    found = session.scalar(stmt)
    if found is None:
        raise ValidationError(f"Nincs ilyen raktár: {name}")
    return found


def _default_prefix(name: str) -> str:
    """ "Demó bolt" → "DEMOBO": accents folded, letters and digits only, at most 6 characters."""
    folded = unicodedata.normalize("NFKD", name.upper())
    return re.sub(r"[^A-Z0-9]", "", folded)[:6] or "WEB"


def add_shop(db: Database, credentials: CredentialStore, data: ShopInput) -> int:
    """Store a shop without calling it; the first sync imports orders from ``import_since``."""
    name = data.name.strip()
    if not name:
        raise ValidationError("A webáruház neve nem lehet üres.")
    if not data.api_key or not data.api_key.strip():
        raise ValidationError(
            "Adja meg a webáruház API kulcsát (UNAS: Beállítások › Külső kapcsolatok › API)."
        )
    prefix = (data.series_prefix or _default_prefix(name)).strip().upper()
    with db.transaction() as session:
        if session.scalar(select(Shop.id).where(Shop.name == name)) is not None:
            raise ValidationError(f"Már van „{name}” nevű webáruház.")
        if session.scalar(select(Shop.id).where(Shop.series_prefix == prefix)) is not None:
            raise ValidationError(f"A(z) {prefix} sorszám-előtagot már egy másik webáruház használja.")
        warehouse = _warehouse(session, data.order_warehouse)
        shop = Shop(
            name=name,
            base_url=data.base_url or DEFAULT_UNAS_URL,
            series_prefix=prefix,
            order_warehouse_id=warehouse.id,
            billable_only=data.billable_only,
            import_since=data.import_since or budapest_today(),
        )
        session.add(shop)
        session.flush()
        for wh_name in data.stock_warehouses or [warehouse.name]:
            session.add(ShopStockWarehouse(shop_id=shop.id, warehouse_id=_warehouse(session, wh_name).id))
        shop_id = shop.id
    set_api_key(db, credentials, shop_id, data.api_key.strip())
    return shop_id


def set_api_key(db: Database, credentials: CredentialStore, shop_id: int, api_key: str) -> None:
    """A new key clears "API kulcs hibás" and the old token, so the next run may log in once."""
    credentials.set(api_key_name(shop_id), api_key)
    with db.transaction() as session:
        state = session.get(ShopApiState, shop_id)
        if state is not None:
            state.key_rejected = None
            state.token = None
            state.token_expires_at = None


def find_shop(session: Session, name: str | None) -> Shop:
    stmt = select(Shop).where(Shop.active.is_(True)).order_by(Shop.id)
    if name:
        stmt = stmt.where(Shop.name == name)
    shop = session.scalar(stmt)
    if shop is None:
        raise NotFoundError(f"Nincs ilyen webáruház: {name}" if name else "Nincs beállított webáruház.")
    return shop


def shop_client(
    db: Database, credentials: CredentialStore, shop_id: int, clock: Callable[[], datetime] = utcnow
) -> UnasClient:
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        if shop is None:
            raise NotFoundError("A webáruház nem található.")
        base_url = shop.base_url
        name = shop.name
    key = credentials.get(api_key_name(shop_id))
    if not key:
        raise ValidationError(
            f"A(z) {name} webáruház API kulcsa ezen a gépen nincs megadva. Adja meg a Webáruházak "
            "beállításaiban (közös adatbázisnál munkaállomásonként kell)."
        )
    return UnasClient(key, DbStateStore(db, shop_id), base_url, clock=clock)


def test_connection(db: Database, credentials: CredentialStore, shop_id: int) -> LoginInfo:
    return shop_client(db, credentials, shop_id).login()


def shop_records(session: Session) -> list[dict[str, Any]]:
    out = []
    for shop in session.scalars(select(Shop).order_by(Shop.id)):
        state = session.get(ShopApiState, shop.id)
        warehouse = session.get(Warehouse, shop.order_warehouse_id) if shop.order_warehouse_id else None
        stock_whs = session.scalars(
            select(Warehouse.name)
            .join(ShopStockWarehouse, ShopStockWarehouse.warehouse_id == Warehouse.id)
            .where(ShopStockWarehouse.shop_id == shop.id)
        )
        out.append(
            {
                "id": shop.id,
                "name": shop.name,
                "active": shop.active,
                "base_url": shop.base_url,
                "series_prefix": shop.series_prefix,
                "order_warehouse": warehouse.name if warehouse else None,
                "stock_warehouses": list(stock_whs),
                "billable_only": shop.billable_only,
                "import_since": shop.import_since,
                "order_cursor": shop.order_cursor,
                "subscription": state.subscription if state else None,
                "key_rejected": bool(state and state.key_rejected),
                "banned_until": state.banned_until if state else None,
            }
        )
    return out
