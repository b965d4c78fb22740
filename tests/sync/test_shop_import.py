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
from app.db.sync_log import SyncEvent
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


def test_import_books_shop_stock_plus_the_open_orders_the_shop_already_took_it_for(
    db: Database, tmp_path: Path
) -> None:
    """Reported: a product with 15 in the shop and 10 on open orders was pushed back as 5."""
    from app.sync.shop_sync import BOTH, Trigger, sync_shop

    data = generate(products=3, orders=0, seed=12, customers=1)
    sandbox = SandboxServer(ShopState(data)).start()
    try:
        first = data.products[0]
        first["qty"] = "25"
        item = {
            "id": str(first["id"]),
            "sku": first["sku"],
            "name": first["name"],
            "unit": "db",
            "quantity": "10",
            "price_net": first["net"],
            "price_gross": first["gross"],
            "vat": first["vat"],
        }
        sandbox.place_order(items=[item], status_id=1, invoice_status=1)  # consumed: 25 → 15
        # A completed order since the start date: imported here as an open order that reserves 4.
        sandbox.place_order(items=[{**item, "quantity": "4"}], status_id=3, invoice_status=1)  # 15 → 11
        assert sandbox.state.product_by_sku(first["sku"])["qty"] == "11"  # type: ignore[index]
        creds = CredentialStore(tmp_path, use_keyring=False)
        shop_id = shops.add_shop(
            db,
            creds,
            shops.ShopSettings(name="Forrás", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
            "sandbox-api-key",
        )
        report = import_from_shop(db, shop_id, shops.shop_client(db, creds, shop_id))
        assert any("még nem teljesített" in w for w in report.warnings)
        with db.reading() as s:
            product = s.scalar(select(Product).where(Product.code == first["sku"]))
            assert product is not None
            assert stock_level(s, product.id).on_hand == D(25)
        # Both orders come in and reserve 14; the free 11 is what the shop keeps showing, and the
        # push right after the start-up import sends nothing (it was all read from the shop).
        calls = len(sandbox.state.calls)
        result = sync_shop(db, creds, shop_id, BOTH, trigger=Trigger.BUTTON, confirmed=True)
        assert result.orders is not None and result.orders.created == 2
        with db.reading() as s:
            assert stock_level(s, product.id).free == D(11)
        assert sandbox.state.product_by_sku(first["sku"])["qty"] == "11"  # type: ignore[index]
        writes = [c["endpoint"] for c in sandbox.state.calls[calls:] if c["endpoint"].startswith("set")]
        assert writes == [] and result.products is not None and len(result.products.touched) == 0
    finally:
        sandbox.stop()


def test_an_open_order_not_imported_here_keeps_its_stock_off_the_push(db: Database, tmp_path: Path) -> None:
    """Billable-only: the shop took the stock of a not-yet-billable order; we must not offer it."""
    from app.sync.shop_sync import BOTH, Trigger, sync_shop

    data = generate(products=2, orders=0, seed=12, customers=1)
    sandbox = SandboxServer(ShopState(data)).start()
    try:
        first = data.products[0]
        first["qty"] = "20"
        creds = CredentialStore(tmp_path, use_keyring=False)
        shop_id = shops.add_shop(
            db,
            creds,
            shops.ShopSettings(
                name="Forrás", base_url=sandbox.base_url, import_since=date(2020, 1, 1), billable_only=True
            ),
            "sandbox-api-key",
        )
        import_from_shop(db, shop_id, shops.shop_client(db, creds, shop_id))  # on hand 20
        item = {
            "id": str(first["id"]),
            "sku": first["sku"],
            "name": first["name"],
            "unit": "db",
            "quantity": "4",
            "price_net": first["net"],
            "price_gross": first["gross"],
            "vat": first["vat"],
        }
        placed = sandbox.place_order(items=[item], status_id=1, invoice_status=0)  # shop: 16
        result = sync_shop(db, creds, shop_id, BOTH, trigger=Trigger.BUTTON, confirmed=True)
        assert result.orders is not None and result.orders.skipped == 1
        # Named with its reason: in the click's details and in the Szinkronizációs napló.
        assert f"{placed['key']}: Kihagyva: nem számlázható rendelés" in "\n".join(result.details())
        with db.reading() as session:
            logged = session.scalars(select(SyncEvent.status).where(SyncEvent.ref == placed["key"])).all()
        assert logged == ["skipped"]
        assert sandbox.state.product_by_sku(first["sku"])["qty"] == "16"  # type: ignore[index]
        # Once it is cancelled in the shop, the shop gives the stock back and so do we.
        sandbox.order_event("set_status", key=placed["key"], status_id=4)
        sync_shop(db, creds, shop_id, BOTH, trigger=Trigger.BUTTON, confirmed=True)
        assert sandbox.state.product_by_sku(first["sku"])["qty"] == "20"  # type: ignore[index]
    finally:
        sandbox.stop()


def test_the_shops_images_come_in_with_the_products_and_are_not_sent_back(
    db: Database, tmp_path: Path
) -> None:
    import base64

    from app.db.catalog import ProductImage
    from app.sync.shop_sync import BOTH, Trigger, sync_shop

    data = generate(products=3, orders=0, seed=12, customers=1)
    data.products[2]["image"] = {
        "ext": "png",
        "data": base64.b64encode(b"not an image").decode(),
        "version": None,
    }
    sandbox = SandboxServer(ShopState(data)).start()
    try:
        creds = CredentialStore(tmp_path, use_keyring=False)
        shop_id = shops.add_shop(
            db,
            creds,
            shops.ShopSettings(name="Képes", base_url=sandbox.base_url, import_since=date.today()),
            "sandbox-api-key",
        )
        report = import_from_shop(db, shop_id, shops.shop_client(db, creds, shop_id))
        first, broken = data.products[0], data.products[2]
        # A broken image is named, and the product still comes in (without an image).
        assert report.created == 3
        assert any(w.startswith(f"{broken['sku']}: a webáruház képe nem vehető át") for w in report.warnings)
        with db.reading() as s:
            product = s.scalar(select(Product).where(Product.code == first["sku"]))
            assert product is not None and product.image is not None
            assert product.image.data == base64.b64decode(first["image"]["data"])
            link = s.scalar(select(ShopProductLink).where(ShopProductLink.product_id == product.id))
            assert link is not None and link.image_hash == product.image.sha256
            assert s.scalar(select(func.count()).select_from(ProductImage)) == 2
        calls = len(sandbox.state.calls)
        sync_shop(db, creds, shop_id, BOTH, trigger=Trigger.BUTTON, confirmed=True)
        writes = [c["endpoint"] for c in sandbox.state.calls[calls:] if c["endpoint"].startswith("set")]
        assert writes == []  # the images (and everything else) are already the shop's
    finally:
        sandbox.stop()
