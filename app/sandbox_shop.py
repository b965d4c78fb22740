"""Tesztelési üzemmód: the built-in sandbox started and connected as a test shop.

It sits beside the entry points (GUI, CLI), not in the sync layer: sync never knows whether the
shop at the other end is UNAS or our sandbox. A test shop's invoices go to the TESZT series, so
the live series stays gap-free; Élesítés is ``app.services.going_live``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import paths
from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.navsandbox.server import NavTestService
from app.navsandbox.state import ServiceState
from app.navsandbox.users import DEFAULT_USER
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services import nav_settings
from app.services import shops as shop_services
from app.sync import shops
from app.values.tax_numbers import TaxNumberError, parse_hungarian

SANDBOX_SHOP = shop_services.SANDBOX_SHOP
SANDBOX_KEY = "sandbox-api-key"
VOUCHER_CODE = "UTALVANY-BEVALTAS"
PREFERRED_PORT = 8765


@dataclass
class TestShop:
    shop_id: int
    server: SandboxServer
    imported: str = ""  # the summary of the start-up import, on the first start
    nav: NavTestService | None = None  # the built-in NAV service the TESZT invoices go to

    def stop(self) -> None:
        self.server.stop()
        if self.nav is not None:
            self.nav.stop()


def _sandbox_server(state: ShopState) -> SandboxServer:
    """On the preferred port when it is free (the shop's address stays the same from start to
    start), else on any free one. Bound at once: a port found free by a probe and bound a moment
    later may by then be another program's (a second start, the test suites side by side)."""
    try:
        return SandboxServer(state, port=PREFERRED_PORT)
    except OSError:
        return SandboxServer(state, port=0)


def start_test_nav(
    db: Database, credentials: CredentialStore, state_file: Path | None = None
) -> NavTestService:
    """The built-in NAV service, with a technical user of our own company, as the "sandbox" profile.

    TESZT-series invoices are reported there (never to NAV); live invoices never go there.
    """
    from app.db.company import Company

    with db.reading() as session:
        company = session.scalar(select(Company))
        raw = company.tax_number if company is not None else ""
    try:
        base = parse_hungarian(raw).base if raw else DEFAULT_USER.tax_number
    except TaxNumberError:
        base = DEFAULT_USER.tax_number
    user = replace(DEFAULT_USER, tax_number=base)
    state = ServiceState(state_file or paths.data_dir() / "nav-sandbox.json", [user])
    service = NavTestService(state).start()
    with db.transaction() as session:
        nav_settings.save_profile(
            session,
            credentials,
            nav_settings.NavSettingsInput(
                nav_settings.BUILTIN,
                user.login,
                user.tax_number,
                service.base_url,
                user.password,
                user.signature_key,
                user.exchange_key,
            ),
            name=nav_settings.SANDBOX,
        )
    return service


def start_test_shop(
    db: Database, credentials: CredentialStore, state_file: Path | None = None, *, orders: int = 25
) -> TestShop:
    """Start the sandbox with demo data (kept in the data folder) and connect it as a test shop."""
    from app.sandbox.demo_data import generate

    state_file = state_file or paths.data_dir() / "sandbox.json"
    if state_file.exists():
        state = ShopState.load(state_file)
    else:
        state = ShopState(
            generate(products=40, orders=orders, seed=1, customers=15, live_like=True), path=state_file
        )
        _add_stamps(state)
        state.save()
    server = _sandbox_server(state).start()
    with db.reading() as session:
        shop_id = session.scalar(select(Shop.id).where(Shop.name == SANDBOX_SHOP))
    created = shop_id is None
    if shop_id is None:
        shop_id = shops.add_shop(
            db,
            credentials,
            shops.ShopSettings(name=SANDBOX_SHOP, base_url=server.base_url, series_prefix="TESZTB"),
            SANDBOX_KEY,
        )
        with db.transaction() as session:
            shop = session.get(Shop, shop_id)
            assert shop is not None
            shop.import_since = date(2020, 1, 1)  # the demo orders of the last weeks come in too
            # The demo orders wait for the user's first Webáruház szinkron click (the automatic sync
            # would import them behind the dialog that invites the click); that click turns the
            # 5-minute sync on (shop_sync.start_auto_sync_after_demo).
            shop.auto_sync = False
            _map_demo_gift(session, shop_id)
    with db.transaction() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        shop.base_url = server.base_url  # the port may differ from the last start
        shop.is_test = True
        shop.active = True
    if not shops.stored_api_key(db, credentials, shop_id):
        shops.set_api_key(db, credentials, shop_id, SANDBOX_KEY)
    nav = start_test_nav(db, credentials, state_file.with_name("nav-sandbox.json"))
    if created:
        # As a real start would: the shop's products and stock come in first (Törzsadatok importálása).
        from app.sync.shop_import import import_from_shop

        report = import_from_shop(db, shop_id, shops.shop_client(db, credentials, shop_id))
        return TestShop(shop_id, server, f"Törzsadatok a tesztboltból: {report.summary()}", nav)
    return TestShop(shop_id, server, nav=nav)


def _map_demo_gift(session: Session, shop_id: int) -> None:
    """The demo shop's gift lines are redeemed vouchers: mapped, so the demo orders come in (a
    live shop's user decides this on the Megfeleltetések tab when the first one arrives)."""
    from app.db.catalog import Product, ProductKind
    from app.services import products as product_service
    from app.sync.matching.mappings import map_to_name
    from app.sync.matching.services import set_role

    if session.scalar(select(Product.id).where(Product.code == VOUCHER_CODE)) is None:
        product_service.create_product(
            session,
            product_service.ProductInput(
                code=VOUCHER_CODE,
                name="Beváltott ajándékutalvány",
                gross_price=Decimal(0),
                kind=ProductKind.SERVICE,
            ),
        )
    map_to_name(session, shop_id, "service", "gift", VOUCHER_CODE)
    set_role(session, shop_id, "gift", "voucher")


def _add_stamps(state: ShopState) -> None:
    """Some demo orders sell stamps (tárgyi adómentes); the demo shop lists them like a real shop."""
    import time

    category = {"id": state.new_id(), "name": "Filatélia", "parent_id": None}
    state.data.categories.append(category)
    state.data.products.append(
        {
            "id": state.new_id(),
            "sku": "BELYEG-KESZLET",
            "name": "Postai bélyegkészlet (tárgyi adómentes)",
            "unit": "db",
            "net": "1500",
            "gross": "1500",
            "vat": "TAM",
            "categories": [category["id"]],
            "short": None,
            "long": "Forgalmi bélyegek, tárgyi adómentes értékesítés.",
            "image": None,
            "image_version_sends": 0,
            "stock_active": True,
            "qty": "5",
            "state": "live",
            "created": time.time(),
            "modified": time.time(),
            "status_base": 1,
        }
    )
