"""Connecting shops: store the options (the key goes to the credentials store), build a client."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.credentials import CredentialStore, shop_api_key_name, shop_token_name
from app.db.database import Database
from app.db.shop_api import ShopApiState
from app.db.shops import DEFAULT_UNAS_URL, Shop, ShopStockWarehouse
from app.db.stock import Warehouse
from app.errors import NotFoundError, ValidationError
from app.sync.client_state import DbStateStore
from app.timeutil import budapest_today, utcnow
from app.unas import limits
from app.unas.addresses import shop_url_problem
from app.unas.client import UnasClient
from app.unas.records import LoginInfo
from app.unas.state import ClientStateStore


def api_key_name(shop_id: int) -> str:
    return shop_api_key_name(shop_id)


@dataclass
class ShopSettings:
    """Every option of one shop as the Webáruházak dialog and `bolthid shop add` set it.

    The API key is not a setting: it goes to the credentials store, never to the database.
    Warehouses are ids; the command line turns the names it is given into ids first.
    """

    name: str = ""
    base_url: str = DEFAULT_UNAS_URL
    billable_only: bool = False
    import_since: date | None = None  # a new shop: today, unless given
    order_warehouse_id: int | None = None  # a new shop: the first warehouse
    stock_warehouse_ids: list[int] = field(default_factory=list)  # a new shop: its order warehouse
    series_prefix: str = ""  # a new shop: made from its name
    write_back_invoices: bool = True
    shipping_at_shop_rate: bool = False  # shipping/handling keep the shop's VAT rate on invoices
    auto_sync: bool = True
    sync_interval_minutes: int = 5
    is_test: bool = False
    active: bool = True


def warehouse_id(session: Session, name: str | None) -> int:
    """A warehouse by name (the first one when no name is given)."""
    stmt = select(Warehouse.id).order_by(Warehouse.id)
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


def add_shop(db: Database, credentials: CredentialStore, settings: ShopSettings, api_key: str | None) -> int:
    """Store a new shop without calling it; the first sync imports orders from ``import_since``."""
    return save_shop(db, credentials, None, settings, api_key)


def save_shop(
    db: Database,
    credentials: CredentialStore,
    shop_id: int | None,
    settings: ShopSettings,
    api_key: str | None,
) -> int:
    """Create (``shop_id`` None) or update a shop in one transaction; ``api_key`` None keeps the key."""
    name = settings.name.strip()
    if not name:
        raise ValidationError("A webáruház neve nem lehet üres.")
    if shop_id is None and not (api_key or "").strip():
        raise ValidationError(
            "Adja meg a webáruház API kulcsát (UNAS: Beállítások › Külső kapcsolatok › API)."
        )
    if not 1 <= settings.sync_interval_minutes <= 1440:
        raise ValidationError("A szinkron időköze 1 és 1440 perc között legyen.")
    with db.transaction() as session:
        shop = Shop() if shop_id is None else session.get(Shop, shop_id)
        if shop is None:
            raise NotFoundError("A webáruház nem található (talán közben törölték).")
        prefix = (settings.series_prefix.strip() or shop.series_prefix or _default_prefix(name)).upper()
        others = [] if shop_id is None else [Shop.id != shop_id]
        if session.scalar(select(Shop.id).where(Shop.name == name, *others)) is not None:
            raise ValidationError(f"Már van „{name}” nevű webáruház.")
        if session.scalar(select(Shop.id).where(Shop.series_prefix == prefix, *others)) is not None:
            raise ValidationError(f"A(z) {prefix} sorszám-előtagot már egy másik webáruház használja.")
        shop.name = name
        url = settings.base_url.strip() or DEFAULT_UNAS_URL
        problem = shop_url_problem(url)
        if problem:
            raise ValidationError(problem)
        shop.base_url = url
        shop.billable_only = settings.billable_only
        shop.import_since = settings.import_since or shop.import_since or budapest_today()
        shop.order_warehouse_id = (
            settings.order_warehouse_id or shop.order_warehouse_id or warehouse_id(session, None)
        )
        shop.series_prefix = prefix
        shop.write_back_invoices = settings.write_back_invoices
        shop.shipping_at_shop_rate = settings.shipping_at_shop_rate
        shop.auto_sync = settings.auto_sync
        shop.sync_interval_minutes = settings.sync_interval_minutes
        if settings.is_test and not shop.is_test and shop_id is not None:
            from app.services.going_live import has_live_invoices

            if has_live_invoices(session, shop_id):
                raise ValidationError(
                    f"A(z) {name} webáruháznak már vannak éles számlái: nem jelölhető teszt "
                    "webáruháznak (az élesítés a teszt bizonylatokat törli)."
                )
        shop.is_test = settings.is_test
        shop.active = settings.active
        if shop_id is None:
            session.add(shop)
        session.flush()
        wanted = settings.stock_warehouse_ids or ([] if shop_id is not None else [shop.order_warehouse_id])
        if wanted:
            session.execute(delete(ShopStockWarehouse).where(ShopStockWarehouse.shop_id == shop.id))
            for wid in dict.fromkeys(wanted):
                session.add(ShopStockWarehouse(shop_id=shop.id, warehouse_id=wid))
        saved_id = shop.id
    if api_key and api_key.strip():
        set_api_key(db, credentials, saved_id, api_key.strip())
    return saved_id


def set_api_key(db: Database, credentials: CredentialStore, shop_id: int, api_key: str) -> None:
    """A new key clears "API kulcs hibás" and the old token, so the next run may log in once."""
    secrets = credentials.for_database(db.identity())
    secrets.set(api_key_name(shop_id), api_key)
    secrets.delete(shop_token_name(shop_id))
    with db.transaction() as session:
        state = session.get(ShopApiState, shop_id)
        if state is not None:
            state.key_rejected = None


def stored_api_key(db: Database, credentials: CredentialStore, shop_id: int) -> str | None:
    """This database's key of the shop on this workstation (or one an older version stored)."""
    return credentials.for_database(db.identity()).get(api_key_name(shop_id))


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
    secrets = credentials.for_database(db.identity())
    key = secrets.get(api_key_name(shop_id))
    if not key:
        raise ValidationError(
            f"A(z) {name} webáruház API kulcsa ehhez az adatbázishoz ezen a gépen nincs megadva. Adja meg "
            "a Webáruházak beállításaiban (közös adatbázisnál munkaállomásonként kell, egy másolatnál újra)."
        )
    return UnasClient(key, DbStateStore(db, shop_id, secrets), base_url, clock=clock)


def test_connection(db: Database, credentials: CredentialStore, shop_id: int) -> LoginInfo:
    return shop_client(db, credentials, shop_id).login()


def try_connection(
    db: Database,
    credentials: CredentialStore,
    shop_id: int | None,
    base_url: str,
    api_key: str | None,
    store: ClientStateStore | None = None,
) -> LoginInfo:
    """ "Kapcsolat tesztelése" in the shop dialog: one login with what the dialog holds (an empty
    key field: the stored key), saving nothing – no shop, no key, no token, no back-off. A
    mistyped key or URL is only reported; Mégse leaves everything as it was. ``store``: the
    dialog's own memory, so a refused key is not sent again from the same dialog."""
    from app.unas.state import MemoryStateStore

    key = api_key or (stored_api_key(db, credentials, shop_id) if shop_id is not None else None)
    if not key:
        raise ValidationError("Adja meg az API kulcsot (UNAS admin › Beállítások › Külső kapcsolatok › API).")
    url = (base_url or DEFAULT_UNAS_URL).strip()
    problem = shop_url_problem(url)
    if problem:
        raise ValidationError(problem)
    return UnasClient(key, store or MemoryStateStore(), url).login()


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
                "package": limits.package(sub) if (sub := state.subscription if state else None) else None,
                "hourly_budget": limits.budget_text(sub) if sub else None,
                "calculate_mode": shop.calculate_mode or None,
                "key_rejected": bool(state and state.key_rejected),
                "banned_until": state.banned_until if state else None,
            }
        )
    return out
