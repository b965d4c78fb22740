"""Start-up import from the sandbox shop: every shop product linked, none duplicated, stock booked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.catalog import Product
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.db.stock import StockMove
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services.stock import stock_level
from app.sync import shops
from app.sync.shop_import import import_from_shop


def test_import_from_the_sandbox_links_every_product_once(db: Database, tmp_path: Path) -> None:
    data = generate(products=30, orders=0, seed=12, customers=1)
    sandbox = SandboxServer(ShopState(data)).start()
    try:
        creds = CredentialStore(tmp_path, use_keyring=False)
        shop_id = shops.add_shop(
            db,
            creds,
            shops.ShopSettings(name="Forrás", base_url=sandbox.base_url, import_since=date.today()),
            "sandbox-api-key",
        )
        report = import_from_shop(db, shop_id, shops.shop_client(db, creds, shop_id))
        assert report.errors == [] and report.created == 30
        with db.reading() as s:
            assert s.scalar(select(func.count()).select_from(ShopProductLink)) == 30
            first = data.products[0]
            product = s.scalar(select(Product).where(Product.code == first["sku"]))
            assert product is not None and product.webshop and product.gross_price == D(first["gross"])
            assert stock_level(s, product.id).on_hand == D(first["qty"])
            moves = s.scalar(select(func.count()).select_from(StockMove))
        again = import_from_shop(db, shop_id, shops.shop_client(db, creds, shop_id))
        assert again.created == 0 and again.stock_lines == 0
        with db.reading() as s:
            assert s.scalar(select(func.count()).select_from(Product)) == 30
            assert s.scalar(select(func.count()).select_from(ShopProductLink)) == 30
            assert s.scalar(select(func.count()).select_from(StockMove)) == moves
    finally:
        sandbox.stop()
