"""The GUI's automatic sync: a tick imports the shop's orders; the status line shows the budget and
turns red (with a notice) for a shop that has not synced for 30 minutes."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import update

from app.credentials import CredentialStore
from app.db.shops import Shop
from app.gui.context import AppContext
from app.gui.screens.main_window import MainWindow
from app.gui.screens.sales.document_lists import OrderListScreen
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.sync import order_sync, shops
from app.timeutil import utcnow
from tests.gui.conftest import logged_runs


def test_tick_imports_orders_and_the_status_line_reports(ctx: AppContext, qtbot, messages) -> None:
    sandbox = SandboxServer(ShopState(generate(products=5, orders=4, seed=6, customers=2))).start()
    try:
        order_sync._status_cache.clear()
        shop_id = shops.add_shop(
            ctx.db,
            CredentialStore(),
            shops.ShopSettings(name="Státusz bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
            "sandbox-api-key",
        )
        window = MainWindow(ctx, auto_sync=False)
        qtbot.addWidget(window)
        window.show()
        orders = window.screen_of(OrderListScreen)
        assert orders is not None
        window.auto_sync.tick()
        expected = sum(1 for o in sandbox.state.data.orders if o["status_id"] != 4)
        qtbot.waitUntil(lambda: orders.model.rowCount() == expected, timeout=20000)
        qtbot.waitUntil(
            lambda: "getOrder hívások az elmúlt órában: 1 / 30" in window.auto_sync.label.toolTip()
        )
        assert "Státusz bolt: utolsó sikeres szinkron 20" in window.auto_sync.label.text()
        assert "óránkénti keret: bőven van" in window.auto_sync.label.text()
        assert "getOrder" not in window.auto_sync.label.text()  # plain words in the line itself
        assert window.auto_sync.label.styleSheet() == ""
        # The timer's run is logged like every other door (no webshop product: nothing to confirm).
        assert [(k, t) for k, t, _s in logged_runs(ctx.db)] == [("orders", "auto"), ("products", "auto")]

        # 31 minutes without a successful run: red, and the user is told once.
        with ctx.db.transaction() as s:
            from app.db.sync_log import SyncRun

            s.execute(update(SyncRun).values(finished_at=utcnow() - timedelta(minutes=31)))
            s.execute(update(Shop).where(Shop.id == shop_id).values(is_test=True))
        window.auto_sync.refresh_status()
        qtbot.waitUntil(lambda: "b00020" in window.auto_sync.label.styleSheet(), timeout=10000)
        assert window.windowTitle().endswith("TESZT ÜZEMMÓD")
        qtbot.waitUntil(ctx.tasks.is_idle)
    finally:
        sandbox.stop()


def test_a_failed_automatic_run_turns_the_line_amber_and_a_click_opens_the_log(
    ctx: AppContext, qtbot, messages
) -> None:
    from app.gui.screens.webshop.sync_log_view import SyncLogScreen
    from app.sync.sync_log import record_run

    with ctx.db.transaction() as s:
        shop = Shop(name="Hibás bolt", auto_sync=True)
        s.add(shop)
        s.flush()
        shop_id = shop.id
    now = utcnow()
    record_run(ctx.db, shop_id, "orders", "auto", now, status="ok", summary="Hibás bolt: 2 új rendelés")
    record_run(
        ctx.db,
        shop_id,
        "products",
        "auto",
        now,
        status="error",
        summary="Hibás bolt: A termékek szinkronizálása részben sikerült: 3 termék frissítve, 1 hiba",
    )
    # A later good order pull does not hide the product push that failed.
    record_run(ctx.db, shop_id, "orders", "auto", now, status="ok", summary="Hibás bolt: 0 új rendelés")
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.auto_sync.refresh_status()
    label = window.auto_sync.label
    qtbot.waitUntil(lambda: "b26a00" in label.styleSheet())
    assert "a legutóbbi futás hibás: Hibás bolt: A termékek szinkronizálása részben sikerült" in label.text()
    assert "1 hiba" in label.toolTip()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert isinstance(window.tabs.currentWidget(), SyncLogScreen)

    # The next push goes well: the line is plain again.
    record_run(ctx.db, shop_id, "products", "auto", utcnow(), status="ok", summary="rendben")
    window.auto_sync.refresh_status()
    qtbot.waitUntil(lambda: label.styleSheet() == "")
    assert "hibás" not in label.text()
    qtbot.waitUntil(ctx.tasks.is_idle)
