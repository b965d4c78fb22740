"""Renders docs/screenshots/live_order.png and shop_mappings.png: an order as a live shop sends it
(parcel locker, merged from two orders, a shop-side change it did not follow) and the
Megfeleltetések tab offering a held order's gift line with its Jelleg.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_live_orders.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _settle(app: Any, ready: Any, rounds: int = 200) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        app.processEvents()
        if ready():
            break
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
    for _ in range(10):
        app.processEvents()


def main() -> None:
    os.environ["BOLTHID_HOME"] = tempfile.mkdtemp()
    os.environ.setdefault("BOLTHID_KEYRING", "file")
    sys.path.insert(0, str(HERE.parents[1]))
    from sqlalchemy import select

    from app.bootstrap import open_database
    from app.credentials import CredentialStore
    from app.db.documents import Document, DocumentKind
    from app.db.shop_links import ShopOrderLink
    from app.gui.application import create_application
    from app.gui.changes import ChangeBus
    from app.gui.context import AppContext
    from app.gui.screens.sales.document_dialog import DocumentDialog
    from app.gui.screens.webshop.shop_dialog import ShopDialog
    from app.gui.tasks import TaskRunner
    from app.sandbox.demo_data import GIFT_LINE, generate
    from app.sandbox.server import SandboxServer
    from app.sandbox.shop_state import ShopState
    from app.sync import shops
    from app.sync.order_sync import sync_orders

    app = create_application()
    db = open_database()
    creds = CredentialStore()
    sandbox = SandboxServer(ShopState(generate(products=6, orders=0, seed=3, customers=2))).start()
    shop_id = shops.add_shop(
        db,
        creds,
        shops.ShopSettings(
            name="Kertbarát webáruház", base_url=sandbox.base_url, import_since=date(2020, 1, 1)
        ),
        "sandbox-api-key",
    )
    p = sandbox.state.data.products

    def item(n: int, qty: str) -> dict[str, Any]:
        return {
            "id": str(p[n]["id"]),
            "sku": p[n]["sku"],
            "name": p[n]["name"],
            "unit": "db",
            "quantity": qty,
            "price_net": p[n]["net"],
            "price_gross": p[n]["gross"],
            "vat": p[n]["vat"],
        }

    buyer = {
        "id": None,
        "email": "kiss.eva@example.hu",
        "name": "Kiss Éva",
        "invoice": {"Name": "Kiss Éva", "ZIP": "6720", "City": "Szeged", "Street": "Kárász u. 2."},
        "shipping": {
            "Name": "Kiss Éva",
            "ZIP": "6720",
            "City": "Szeged",
            "Street": "Kárász u. 2.",
            "DeliveryPointID": "2351-CSOMAGPONT",
            "DeliveryPointGroup": "gls_api_dropoffpoints",
            "DeliveryPointSubGroup": "csomagautomata",
            "RecipientName": "Kiss Éva",
        },
    }
    first = sandbox.place_order(items=[item(0, "2")], customer=buyer, invoice_status=1, status_id=1)
    second = sandbox.place_order(
        items=[item(1, "1"), item(2, "3")], customer=buyer, invoice_status=1, status_id=1
    )
    sandbox.place_order(items=[item(3, "1"), dict(GIFT_LINE)], customer=buyer, invoice_status=1, status_id=1)
    sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))
    merged = sandbox.order_event("merge", keys=[first["key"], second["key"]])
    sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))
    with db.transaction() as s:  # as if edited here: the next shop-side change is only shown
        document = s.scalar(
            select(Document)
            .join(ShopOrderLink, ShopOrderLink.document_id == Document.id)
            .where(ShopOrderLink.display_key == merged["key"])
        )
        assert document is not None
        order_id = document.id
        from app.timeutil import utcnow

        document.edited_at = utcnow()
    sandbox.order_event("change_items", key=merged["key"], quantities={p[2]["sku"]: "2"})
    sandbox.order_event("set_status", key=merged["key"], status_id=2)
    sync_orders(db, shop_id, shops.shop_client(db, creds, shop_id))

    ctx = AppContext(db=db, tasks=TaskRunner(db), changes=ChangeBus())
    dialog = DocumentDialog(ctx, DocumentKind.CUSTOMER_ORDER, order_id)
    dialog.resize(1200, 640)
    dialog.show()
    _settle(app, lambda: dialog.isEnabled() and dialog.shop_info.text())
    dialog.grab().save(str(HERE / "live_order.png"))
    shop = ShopDialog(ctx, shop_id)
    shop.resize(820, 420)
    shop.show()
    _settle(app, shop.isEnabled)
    shop.tabs.setCurrentIndex(2)
    _settle(app, lambda: True, 10)
    shop.grab().save(str(HERE / "shop_mappings.png"))
    ctx.tasks.wait()
    sandbox.stop()
    db.dispose()
    print("written live_order.png, shop_mappings.png", file=sys.stderr)


if __name__ == "__main__":
    main()
