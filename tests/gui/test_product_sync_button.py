"""Clicking the real "Termék szinkron" button with the sandbox running puts our products in the shop."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from app.credentials import CredentialStore
from app.gui import changes
from app.gui.context import AppContext
from app.gui.screens.products.product_list import ProductListScreen
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services import documents as docs
from app.services import products as product_service
from app.sync import order_sync, shops
from tests.gui.conftest import logged_runs


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=3, orders=0, seed=4, customers=1))).start()
    yield server
    server.stop()


def test_button_pushes_products_after_confirmation(ctx: AppContext, qtbot, messages, sandbox) -> None:
    order_sync._status_cache.clear()
    shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Demó bolt", base_url=sandbox.base_url, import_since=date.today()),
        "sandbox-api-key",
    )
    with ctx.db.transaction() as s:
        for code, price in (("GOMB-1", "1270"), ("GOMB-2", "2540")):
            product = product_service.create_product(
                s,
                product_service.ProductInput(
                    code=code, name=f"Gombos {code}", gross_price=D(price), categories=["Kert"], webshop=True
                ),
            )
            docs.create_purchase_receipt(
                s,
                docs.DocumentInput(
                    lines=[docs.LineInput(quantity=D(4), product_id=product.id, unit_price=D(10))]
                ),
            )
    screen = ProductListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    ctx.changes.emit(changes.SHOPS)
    qtbot.waitUntil(lambda: screen.sync_button.isEnabled() and ctx.tasks.is_idle())
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=20000)
    assert messages[0] == (
        "Demó bolt: A termékek szinkronizálása sikeresen befejeződött: 2 termék frissítve"
    ), messages
    # The first pass stopped for the confirmation, the second pushed.
    assert logged_runs(ctx.db) == [
        ("orders", "button", "ok"),
        ("products", "button", "skipped"),
        ("products", "button", "ok"),
    ]
    for code, gross in (("GOMB-1", "1270"), ("GOMB-2", "2540")):
        shop = sandbox.state.product_by_sku(code)
        assert shop is not None and shop["gross"] == gross and D(shop["qty"]) == 4
    qtbot.waitUntil(ctx.tasks.is_idle)

    # The product form tells when the product was last pushed.
    from sqlalchemy import select

    from app.db.catalog import Product
    from app.gui.screens.products.product_dialog import ProductDialog

    with ctx.db.reading() as s:
        pid = s.scalar(select(Product.id).where(Product.code == "GOMB-1"))
    dialog = ProductDialog(ctx, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    assert dialog.shop_box.isVisible()
    assert dialog.shop_label.text().startswith("Demó bolt: utoljára elküldve 20")
