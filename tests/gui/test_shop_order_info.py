"""The order form shows the shop's side of an imported order – its key and status, the parcel
locker, a merge – and a shop-side change it did not follow, with "Átvétel a webáruházból"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.documents import Document, DocumentKind
from app.db.shop_links import ShopOrderLink
from app.gui.context import AppContext
from app.gui.screens.sales.document_dialog import DocumentDialog
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services import documents as docs
from app.sync import order_sync, shops
from app.sync.shop_sync import Job, Trigger, sync_shop


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=4, orders=0, seed=3, customers=1))).start()
    yield server
    server.stop()


def _item(product: dict[str, Any], qty: str) -> dict[str, Any]:
    return {
        "id": str(product["id"]),
        "sku": product["sku"],
        "name": product["name"],
        "unit": "db",
        "quantity": qty,
        "price_net": product["net"],
        "price_gross": product["gross"],
        "vat": product["vat"],
    }


def test_the_order_form_shows_the_shop_side_and_takes_over_a_change(
    ctx: AppContext, qtbot, messages, sandbox
) -> None:
    order_sync._status_cache.clear()
    shop_id = shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Csomagpont bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    product = sandbox.state.data.products[0]
    customer = {
        "id": None,
        "email": "vevo@example.hu",
        "name": "Vevő Vera",
        "invoice": {"Name": "Vevő Vera", "ZIP": "1111", "City": "Budapest", "Street": "Fő u. 1."},
        "shipping": {
            "Name": "Vevő Vera",
            "ZIP": "1111",
            "City": "Budapest",
            "Street": "Fő u. 1.",
            "DeliveryPointID": "2351-CSOMAGPONT",
            "DeliveryPointGroup": "gls_api_dropoffpoints",
            "RecipientName": "Vevő Vera",
        },
    }
    placed = sandbox.place_order(
        items=[_item(product, "3")], customer=customer, invoice_status=1, status_id=1
    )
    sync_shop(ctx.db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
    with ctx.db.transaction() as s:
        order = s.scalar(select(Document).where(Document.kind == DocumentKind.CUSTOMER_ORDER))
        assert order is not None
        order_id = order.id
        # edited here (a note): the shop's later change is shown, not followed
        docs.update_customer_order(
            s,
            order_id,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(
                        quantity=ln.quantity,
                        product_id=ln.product_id,
                        unit_price=ln.unit_price,
                        price_is_gross=True,
                        vat_code=ln.vat_code,
                    )
                    for ln in order.lines
                ],
                customer_id=order.customer_id,
                warehouse_id=order.warehouse_id,
                header_note="Sürgős",
            ),
        )
    sandbox.order_event("change_items", key=placed["key"], quantities={product["sku"]: "1"})
    sync_shop(ctx.db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)

    dialog = DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER, order_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    text = dialog.shop_info.text()
    assert f"Webáruház rendelés: {placed['key']} · állapot: Beérkezett" in text
    assert "Csomagpont: 2351-CSOMAGPONT (gls_api_dropoffpoints), átvevő: Vevő Vera" in text
    assert f"mennyiség: {product['sku']} 3 → 1" in text
    assert dialog.adopt_button.isVisible()
    dialog.adopt_button.click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=15000)
    with ctx.db.reading() as s:
        document = s.get(Document, order_id)
        assert document is not None and [ln.quantity for ln in document.lines] == [1]
        link = s.scalar(select(ShopOrderLink).where(ShopOrderLink.document_id == order_id))
        assert link is not None and link.pending_change == ""


def test_the_order_form_shows_addresses_and_contact_and_makes_the_invoice(
    ctx: AppContext, qtbot, messages, sandbox
) -> None:
    from app.gui.screens.sales.invoice_preview import InvoicePreviewDialog

    order_sync._status_cache.clear()
    shop_id = shops.add_shop(
        ctx.db,
        CredentialStore(),
        shops.ShopSettings(name="Cím bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
    customer = {
        "id": None,
        "email": "vevo@example.hu",
        "phone": "+36 30 123 4567",
        "name": "Vevő Vera",
        "invoice": {"Name": "Vevő Vera", "ZIP": "1111", "City": "Budapest", "Street": "Fő u. 1."},
        "shipping": {"Name": "Vevő Vilmos", "ZIP": "4025", "City": "Debrecen", "Street": "Piac u. 2."},
    }
    sandbox.place_order(
        items=[_item(sandbox.state.data.products[0], "2")], customer=customer, invoice_status=1, status_id=1
    )
    sync_shop(ctx.db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
    with ctx.db.reading() as s:
        order_id = s.scalar(select(Document.id).where(Document.kind == DocumentKind.CUSTOMER_ORDER))
    assert order_id is not None

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER, order_id, parent)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled)
    text = dialog.contact.text()
    assert "Számlázási cím: Vevő Vera, 1111 Budapest, Fő u. 1." in text
    assert "Szállítási cím: Vevő Vilmos, 4025 Debrecen, Piac u. 2." in text
    assert "e-mail: vevo@example.hu" in text
    # The product was created by the import with no stock here: the 2 reserved leave free −2.
    sku = sandbox.state.data.products[0]["sku"]
    assert dialog.reserved.text() == f"Foglal: {sku} 2 (szabad készlet: -2 – túlértékesítve)"
    assert dialog.invoice_button.isVisible()
    dialog.invoice_button.click()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(InvoicePreviewDialog)))
    assert not dialog.isVisible()
    qtbot.waitUntil(ctx.tasks.is_idle)
    for preview in parent.findChildren(InvoicePreviewDialog):
        preview.reject()
