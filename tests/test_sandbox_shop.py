"""Tesztelési üzemmód: the built-in sandbox as a test shop, TESZT invoices, then Élesítés."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.sandbox_shop import start_test_shop
from app.services import invoicing
from app.services.going_live import go_live
from app.sync import order_sync, shops
from tests.services.test_invoicing import set_company


def _first_open_order(db: Database) -> int:
    with db.reading() as s:
        order_id = s.scalar(
            select(func.min(Document.id)).where(
                Document.kind == DocumentKind.CUSTOMER_ORDER, Document.status == "open"
            )
        )
    assert order_id is not None
    return order_id


def test_test_shop_uses_the_teszt_series_and_going_live_starts_clean(db: Database, tmp_path: Path) -> None:
    creds = CredentialStore(tmp_path, use_keyring=False)
    order_sync._status_cache.clear()
    test = start_test_shop(db, creds, tmp_path / "sandbox.json", orders=6)
    try:
        report = order_sync.sync_orders(db, test.shop_id, shops.shop_client(db, creds, test.shop_id))
        assert report.created >= 3
        with db.transaction() as s:
            set_company(s)
            invoice = invoicing.invoice_from_order(s, _first_open_order(db))
            assert invoice.number.endswith("-00001") and invoice.number.startswith("TESZT-")
        go_live(db, test.shop_id)
        with db.reading() as s:
            shop = s.get(Shop, test.shop_id)
            assert shop is not None and not shop.is_test and shop.order_cursor is None
            # Orders and invoices of the test shop are gone; the start-up stock import stays (master data).
            kinds = set(s.scalars(select(Document.kind)))
            assert kinds <= {DocumentKind.PURCHASE_RECEIPT}
            assert s.scalar(select(func.count()).select_from(ShopOrderLink)) == 0
        again = order_sync.sync_orders(db, test.shop_id, shops.shop_client(db, creds, test.shop_id))
        assert again.created == report.created, "the shop's cursor was reset"
        with db.transaction() as s:
            live = invoicing.invoice_from_order(s, _first_open_order(db))
            assert live.number.startswith("SZ-") and live.number.endswith("-00001"), live.number
    finally:
        test.stop()


def test_test_mode_reports_teszt_invoices_to_the_built_in_nav_service(db: Database, tmp_path: Path) -> None:
    from app.db.nav import NavReport
    from app.sync.nav_sender import send_reports

    creds = CredentialStore(tmp_path, use_keyring=False)
    order_sync._status_cache.clear()
    with db.transaction() as s:
        set_company(s)
    test = start_test_shop(db, creds, tmp_path / "sandbox.json", orders=6)
    try:
        assert test.nav is not None
        order_sync.sync_orders(db, test.shop_id, shops.shop_client(db, creds, test.shop_id))
        with db.transaction() as s:
            teszt = invoicing.invoice_from_order(s, _first_open_order(db)).number
        result = send_reports(db, creds)
        assert result.done == 1
        received = [i["number"] for t in test.nav.received() for i in t["items"] if i["status"] == "DONE"]
        assert received == [teszt] and teszt.startswith("TESZT-")
        # A live invoice never goes to the built-in service: without NAV settings it waits.
        from tests.services.test_invoicing import issue, make_order

        with db.issuing() as s:
            live = issue(s, make_order(s, [("ELO-1", "27%", "1", "1270")])).number
        assert send_reports(db, creds).sent == 0
        with db.reading() as s:
            state = s.scalar(select(NavReport.state).where(NavReport.invoice_number == live))
        assert state == "waiting" and [i["number"] for t in test.nav.received() for i in t["items"]] == [
            teszt
        ]
    finally:
        test.stop()


def test_the_demo_orders_wait_for_the_first_click_which_turns_the_automatic_sync_on(
    db: Database, tmp_path: Path
) -> None:
    from datetime import timedelta

    from app.sync import scheduler
    from app.sync.shop_sync import Job, Trigger, sync_shop

    creds = CredentialStore(tmp_path, use_keyring=False)
    order_sync._status_cache.clear()
    test = start_test_shop(db, creds, tmp_path / "sandbox.json", orders=6)
    try:
        # The schedule leaves the new test shop alone: its orders wait in the shop for the click.
        assert scheduler.run_due(db, creds, {}, interval=timedelta(0)) == []
        with db.reading() as s:
            assert s.scalar(select(func.count()).select_from(ShopOrderLink)) == 0
        clicked = sync_shop(db, creds, test.shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
        assert clicked.orders is not None and clicked.orders.created >= 3
        with db.transaction() as s:
            shop = s.get(Shop, test.shop_id)
            assert shop is not None and shop.auto_sync  # from now on every 5 minutes
            shop.auto_sync = False  # the user turns it off on purpose…
        sync_shop(db, creds, test.shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
        with db.reading() as s:
            shop = s.get(Shop, test.shop_id)
            assert shop is not None and not shop.auto_sync  # …and a later click leaves it off
    finally:
        test.stop()


def test_a_taken_preferred_port_leaves_the_test_shop_on_a_free_one(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program listens on the preferred port (a second start, the other test suite): the test
    shop starts on a free port and the shop's address follows it."""
    import socket

    from app import sandbox_shop

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        monkeypatch.setattr(sandbox_shop, "PREFERRED_PORT", taken)
        creds = CredentialStore(tmp_path, use_keyring=False)
        test = start_test_shop(db, creds, tmp_path / "sandbox.json", orders=2)
        try:
            assert test.server.port != taken
            with db.reading() as s:
                shop = s.get(Shop, test.shop_id)
                assert shop is not None and shop.base_url == test.server.base_url
            report = order_sync.sync_orders(db, test.shop_id, shops.shop_client(db, creds, test.shop_id))
            assert report.errors == 0
        finally:
            test.stop()
