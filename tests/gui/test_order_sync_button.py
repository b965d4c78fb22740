"""Clicking the real "Webáruház szinkron" button with the sandbox running brings the orders in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.credentials import CredentialStore
from app.gui import changes
from app.gui.context import AppContext
from app.gui.screens.sales.document_lists import OrderListScreen
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.sync import order_sync, shops


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=12, orders=8, seed=4, customers=5))).start()
    yield server
    server.stop()


def test_button_imports_orders_and_the_list_shows_them(ctx: AppContext, qtbot, messages, sandbox) -> None:
    order_sync._status_cache.clear()
    shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Demó bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    screen = OrderListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    ctx.changes.emit(changes.SHOPS)
    qtbot.waitUntil(lambda: screen.sync_button.isEnabled() and ctx.tasks.is_idle())
    assert screen.model.rowCount() == 0
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=20000)
    expected = sum(1 for o in sandbox.state.data.orders if o["status_id"] != 4)
    assert messages[0].startswith(f"Demó bolt: {expected} új rendelés")
    qtbot.waitUntil(lambda: screen.model.rowCount() == expected)
    assert all(screen.model.index(r, 0).data().startswith("DEMOBO-") for r in range(expected))

    # A second click finds nothing new.
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=20000)
    assert messages[1].startswith("Demó bolt: 0 új rendelés")
    qtbot.waitUntil(ctx.tasks.is_idle)
