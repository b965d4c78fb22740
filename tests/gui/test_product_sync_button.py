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


def test_a_push_with_a_bad_code_says_why_and_leads_to_the_log(
    ctx: AppContext, qtbot, sandbox, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.gui.screens.main_window import MainWindow
    from app.gui.screens.webshop.sync_log_view import SyncLogScreen

    order_sync._status_cache.clear()
    shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Hibás bolt", base_url=sandbox.base_url, import_since=date.today()),
        "sandbox-api-key",
    )
    with ctx.db.transaction() as s:
        for code in ("JO-1", "ROSSZ KOD"):
            product_service.create_product(
                s,
                product_service.ProductInput(
                    code=code, name=code, gross_price=D(1270), categories=["Kert"], webshop=True
                ),
            )
    boxes: list[tuple[str, str]] = []

    def answer(box: QMessageBox) -> int:
        boxes.append((box.text(), box.informativeText()))
        wanted = "Szinkronizációs napló" if "hiba" in box.text() else None
        for button in box.buttons():
            if wanted and button.text() == wanted:
                button.click()
                return 0
        return int(QMessageBox.StandardButton.Yes)  # the first push's confirmation

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.product_sync_button.isEnabled() and ctx.tasks.is_idle())
    qtbot.mouseClick(window.product_sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("hiba" in text for text, _info in boxes), timeout=20000)
    text, info = next((t, i) for t, i in boxes if "hiba" in t)
    assert "részben sikerült: 1 termék frissítve, 1 hiba" in text
    assert (
        "ROSSZ KOD" in info and "szóköz és ékezet" in info
    )  # the reason in sight, not only behind Részletek
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), SyncLogScreen))
    qtbot.waitUntil(ctx.tasks.is_idle)
