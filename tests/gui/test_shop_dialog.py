"""Webáruházak: add a shop pointing at the sandbox, test the connection, see the permissions; a wrong
key is reported after exactly one login and never tried again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.shop_links import ShopCustomerLink
from app.db.shops import Shop
from app.db.sync_log import SyncRun
from app.gui.context import AppContext
from app.gui.screens.webshop.shop_dialog import ShopDialog
from app.gui.screens.webshop.shop_list import ShopListScreen
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.sync import scheduler
from app.sync.shop_sync import Job, Trigger, sync_shop
from tests.gui.conftest import logged_runs


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=4, orders=3, seed=2, customers=2))).start()
    yield server
    server.stop()


def _logins(sandbox: SandboxServer) -> int:
    return sum(1 for c in sandbox.state.calls if c["endpoint"] == "login")


def _new_shop_dialog(ctx: AppContext, qtbot, sandbox: SandboxServer, key: str) -> ShopDialog:
    dialog = ShopDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    dialog.name.setText("Próba bolt")
    dialog.api_key.setText(key)
    dialog.base_url.setText(sandbox.base_url)
    return dialog


def test_add_shop_and_test_the_connection(ctx: AppContext, qtbot, sandbox, messages) -> None:
    dialog = _new_shop_dialog(ctx, qtbot, sandbox, "sandbox-api-key")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("A kapcsolat rendben"), timeout=10000)
    text = dialog.test_result.text()
    assert "Előfizetés: PREMIUM" in text and "getOrder" in text and "setStock" in text
    assert "hiányzó" not in text
    assert "sandbox-api-key" not in text
    dialog.save()  # a new live shop: the first import is offered (answered Yes here)
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10000)
    [summary] = [m for m in messages if m.startswith("Termékek:")]
    assert "4 új termék" in summary and "Vevők:" in summary
    with ctx.db.reading() as s:
        shop = s.scalar(select(Shop))
        assert shop is not None and shop.name == "Próba bolt" and shop.base_url == sandbox.base_url
        linked = s.scalar(select(func.count()).select_from(ShopCustomerLink))
        assert linked == sum(1 for c in sandbox.state.data.customers if c.get("registered"))
        assert s.scalar(select(func.count()).select_from(SyncRun)) == 0  # before any order sync
    screen = ShopListScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert (
        CredentialStore().for_database(ctx.db.identity()).get(f"shop:{shop.id}:api_key") == "sandbox-api-key"
    )


def test_a_test_saves_nothing_and_a_wrong_key_is_tried_once_per_dialog(
    ctx: AppContext, qtbot, sandbox, messages
) -> None:
    dialog = _new_shop_dialog(ctx, qtbot, sandbox, "rossz-kulcs")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "API kulcs hibás" in dialog.test_result.text(), timeout=10000)
    assert _logins(sandbox) == 1
    qtbot.waitUntil(ctx.tasks.is_idle)
    dialog.test_button.click()  # the same key again: not sent (5 failed logins an hour ban)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and ctx.tasks.is_idle(), timeout=10000)
    assert "API kulcs hibás" in dialog.test_result.text()
    assert _logins(sandbox) == 1
    with ctx.db.reading() as s:
        assert s.scalar(select(Shop)) is None  # nothing saved by a test
    # The right key works at once: a failed test starts no back-off.
    dialog.api_key.setText("sandbox-api-key")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("A kapcsolat rendben"), timeout=10000)
    assert "Mentés gombbal" in dialog.test_result.text()
    dialog.reject()  # Mégse
    with ctx.db.reading() as s:
        assert s.scalar(select(Shop)) is None
    assert scheduler.run_due(ctx.db, CredentialStore(), {}) == []


def test_a_mistyped_key_tested_then_cancelled_keeps_the_working_key(
    ctx: AppContext, qtbot, sandbox, messages
) -> None:
    first = _new_shop_dialog(ctx, qtbot, sandbox, "sandbox-api-key")
    first.save()
    qtbot.waitUntil(lambda: first.result() == 1, timeout=5000)
    with ctx.db.reading() as s:
        shop_id = s.scalar(select(Shop.id))
    assert shop_id is not None
    dialog = ShopDialog(ctx, shop_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    # A wrong URL first, then the right one: the second test is not refused by any back-off.
    dialog.base_url.setText("http://127.0.0.1:9/shop/")
    dialog.test_button.click()
    qtbot.waitUntil(
        lambda: dialog.test_button.isEnabled() and "Kapcsolódás" not in dialog.test_result.text(),
        timeout=20000,
    )
    assert not dialog.test_result.text().startswith("A kapcsolat rendben")
    dialog.base_url.setText(sandbox.base_url)
    dialog.test_button.click()  # empty key field: the stored key is used
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("A kapcsolat rendben"), timeout=10000)
    dialog.api_key.setText("elgepelt-kulcs")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "API kulcs hibás" in dialog.test_result.text(), timeout=10000)
    dialog.reject()  # Mégse: the stored shop and key stay as they were
    assert (
        CredentialStore().for_database(ctx.db.identity()).get(f"shop:{shop_id}:api_key") == "sandbox-api-key"
    )
    result = sync_shop(ctx.db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
    assert result.orders is not None and result.orders.complete, result.summary()
    with ctx.db.reading() as s:
        shop = s.get(Shop, shop_id)
        assert shop is not None and shop.base_url == sandbox.base_url


def test_unknown_vat_code_is_mapped_in_the_dialog_and_retried(
    ctx: AppContext, qtbot, sandbox, messages
) -> None:
    from datetime import date

    from PySide6.QtWidgets import QComboBox

    from app.sync import order_sync, shops

    order_sync._status_cache.clear()
    shop_id = shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="ÁFA bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    sandbox.state.data.orders.clear()
    sandbox.place_order(
        items=[
            {
                "id": "K",
                "sku": "KONYV-0",
                "name": "Könyv",
                "unit": "db",
                "quantity": "1",
                "price_net": "3000",
                "price_gross": "3000",
                "vat": "0%",
            }
        ],
        invoice_status=1,
        status_id=1,
    )
    first = sync_shop(ctx.db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
    assert first.orders is not None and first.orders.held == 1
    dialog = ShopDialog(ctx, shop_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    rows = {
        dialog.mappings.item(r, 1).text(): dialog.mappings.cellWidget(r, 2)  # type: ignore[union-attr]
        for r in range(dialog.mappings.rowCount())
    }
    combo = rows["0%"]
    assert isinstance(combo, QComboBox) and combo.currentText() == "(válasszon)"
    combo.setCurrentText("AAM")
    dialog._retry()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=15000)
    assert "ÁFA bolt: 1 új rendelés" in messages[0]
    assert [(k, t) for k, t, _s in logged_runs(ctx.db)] == [("orders", "button"), ("orders", "button")]


def test_a_gift_line_is_mapped_as_a_voucher_in_the_dialog_and_retried(
    ctx: AppContext, qtbot, sandbox, messages
) -> None:
    from datetime import date

    from PySide6.QtWidgets import QComboBox

    from app.db.documents import Document, DocumentKind
    from app.sync import order_sync, shops
    from app.sync.shop_settings import NEW_SERVICE

    order_sync._status_cache.clear()
    shop_id = shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Ajándék bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    sandbox.state.data.orders.clear()
    product = sandbox.state.data.products[0]
    item = {k: product[k] for k in ("sku", "name")} | {
        "id": str(product["id"]),
        "unit": "db",
        "quantity": "1",
        "price_net": product["net"],
        "price_gross": product["gross"],
        "vat": product["vat"],
    }
    gift = {
        "id": "gift",
        "sku": "gift",
        "name": "Ajándékutalvány",
        "unit": "db",
        "quantity": "1",
        "price_net": "-393.7",
        "price_gross": "-500",
        "vat": "27%",
    }
    sandbox.place_order(items=[item, gift], invoice_status=1, status_id=1)
    first = sync_shop(ctx.db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
    assert first.orders is not None and first.orders.held == 1
    dialog = ShopDialog(ctx, shop_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    [row] = [r for r in range(dialog.mappings.rowCount()) if dialog.mappings.item(r, 1).text() == "gift"]  # type: ignore[union-attr]
    assert dialog.mappings.item(row, 0).text() == "Szolgáltatássor"  # type: ignore[union-attr]
    target, role = dialog.mappings.cellWidget(row, 2), dialog.mappings.cellWidget(row, 3)
    assert isinstance(target, QComboBox) and isinstance(role, QComboBox)
    assert target.currentText() == "(válasszon)"
    target.setCurrentText(NEW_SERVICE)
    role.setCurrentIndex(role.findData("voucher"))
    dialog._retry()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=15000)
    assert "Ajándék bolt: 1 új rendelés" in messages[0]
    with ctx.db.reading() as s:
        order = s.scalar(select(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER))
        assert order is not None
        assert [(ln.product_code, ln.role) for ln in order.lines][-1] == ("WEB-GIFT", "voucher")
