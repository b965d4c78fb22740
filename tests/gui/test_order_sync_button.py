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
from tests.gui.conftest import logged_runs


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
    # Each skipped (cancelled in the shop) order is named with its reason in the message itself.
    cancelled = [o["key"] for o in sandbox.state.data.orders if o["status_id"] == 4]
    assert cancelled and all(
        f"{key}: Kihagyva: a webáruházban törölt rendelés" in messages.details[0] for key in cancelled[:7]
    )
    qtbot.waitUntil(lambda: screen.model.rowCount() == expected)
    assert logged_runs(ctx.db) == [("orders", "button", "ok")]
    assert all(screen.model.index(r, 0).data().startswith("DEMOBO-") for r in range(expected))
    # The shop's order number has its own column; the note no longer repeats it on every row.
    keys = [c.key for c in screen.spec.columns]
    shown = {screen.model.index(r, keys.index("shop_order")).data() for r in range(expected)}
    assert shown == {o["key"] for o in sandbox.state.data.orders if o["status_id"] != 4}
    notes = [screen.model.index(r, keys.index("header_note")).data() for r in range(expected)]
    assert not any(n.startswith("Webáruház rendelés:") for n in notes)

    # A second click finds nothing new.
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=20000)
    assert messages[1].startswith("Demó bolt: 0 új rendelés")
    qtbot.waitUntil(ctx.tasks.is_idle)


def test_a_shop_held_by_another_workstation_is_named_and_waited_for(
    ctx: AppContext, qtbot, messages, sandbox, monkeypatch
) -> None:
    from datetime import timedelta

    from PySide6.QtWidgets import QMessageBox

    from app.db.sync_log import SyncLease
    from app.gui.operations import sync as sync_operation
    from app.timeutil import utcnow

    order_sync._status_cache.clear()
    shop_id = shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Közös bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    with ctx.db.transaction() as s:
        s.add(
            SyncLease(
                shop_id=shop_id,
                holder="RAKTAR-PC:1:1",
                workstation="RAKTAR-PC",
                expires_at=utcnow() + timedelta(minutes=10),
                acquired_at=utcnow(),
            )
        )
    questions: list[str] = []

    def answer(_parent, _title, text, *a, **k):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(sync_operation, "WAIT_POLL_SECONDS", 0.02)
    screen = OrderListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    ctx.changes.emit(changes.SHOPS)
    qtbot.waitUntil(lambda: screen.sync_button.isEnabled() and ctx.tasks.is_idle())
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(questions) == 1, timeout=20000)
    assert "„RAKTAR-PC” munkaállomás szinkronizálja" in messages[0]
    assert "Megvárja" in questions[0] and "RAKTAR-PC" in questions[0]
    assert screen.model.rowCount() == 0
    with ctx.db.transaction() as s:  # the other workstation finishes
        s.delete(s.get(SyncLease, shop_id))
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=20000)
    assert messages[1].startswith("Közös bolt: ") and "új rendelés" in messages[1]
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    qtbot.waitUntil(ctx.tasks.is_idle)
