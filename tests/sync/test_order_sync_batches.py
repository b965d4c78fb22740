"""Order sync beyond single orders: a backlog of pages, the daily checks, and the command line."""

from __future__ import annotations

import time
from decimal import Decimal as D

from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.catalog import PaymentMethod, Product
from app.db.database import Database
from app.db.documents import DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.sandbox.server import SandboxServer
from app.services import documents as docs
from app.services.stock import stock_level
from app.sync import order_sync, shops
from tests.sync.test_order_sync import _add_shop, _line, _orders, _place, _sync


def test_a_backlog_of_more_than_500_orders(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    for n in range(520):
        _place(sandbox, [_line(f"DEMO-{n % 15 + 1:04d}", "T", "1", "100")], date=time.time() - 86400 + n)
    report = _sync(db, creds, shop_id)
    assert report.created == 520 and report.complete
    assert sum(1 for c in sandbox.state.calls if c["endpoint"] == "getOrder") == 2  # ⌈520/500⌉
    assert _sync(db, creds, shop_id).created == 0
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ShopOrderLink)) == 520
        assert (s.scalar(select(func.count()).select_from(PaymentMethod)) or 0) >= 4


def test_mapping_from_the_command_line_releases_a_held_order(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    import json
    import subprocess
    import sys

    shop_id = _add_shop(db, creds, sandbox, name="Parancssor")
    _place(sandbox, [_line("DEMO-0012", "Könyv", "1", "3000", vat="ÁFA mentes")])
    assert _sync(db, creds, shop_id).held == 1

    def bolthid(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", db.url, *args], capture_output=True, text=True
        )

    bad = bolthid("shop", "map", "Parancssor", "--kind", "vat", "--shop-value", "ÁFA mentes", "--to", "0%")
    assert bad.returncode == 1 and "Nincs ilyen ÁFA-kulcs: 0%" in bad.stderr
    ok = bolthid("shop", "map", "Parancssor", "--kind", "vat", "--shop-value", "ÁFA  mentes", "--to", "TAM")
    assert ok.returncode == 0, ok.stderr
    assert _sync(db, creds, shop_id).created == 1
    listed = json.loads(bolthid("shop", "list", "--json").stdout)
    assert listed[0]["name"] == "Parancssor" and listed[0]["series_prefix"] == "PARANC"


def test_open_order_deleted_in_the_shop_is_flagged_once_a_day(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    gone = _place(sandbox, [_line("DEMO-0013", "Eltűnő", "2", "1000")])
    _place(sandbox, [_line("DEMO-0014", "Marad", "1", "1000")])
    assert _sync(db, creds, shop_id).created == 2
    gone["deleted"] = True  # deleted in the shop admin: getOrder no longer returns it
    client = shops.shop_client(db, creds, shop_id)
    assert order_sync.check_open_orders(db, shop_id, client) == []  # checked during the sync already today
    flagged = order_sync.check_open_orders(db, shop_id, client, force=True)
    assert len(flagged) == 1 and "már nem található" in flagged[0]
    first, second = _orders(db)
    assert "már nem található" in first.warnings and second.warnings == ""
    assert first.status == DocumentStatus.OPEN  # released only when the user confirms (cancels)
    with db.transaction() as s:
        docs.cancel_customer_order(s, first.id)
        product = s.scalar(select(Product).where(Product.code == "DEMO-0013"))
        assert stock_level(s, product.id).reserved == D(0)  # type: ignore[union-attr]


def test_methods_are_downloaded_once_a_day_and_created(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    from app.db.catalog import ShippingMethod

    shop_id = _add_shop(db, creds, sandbox)
    first = _sync(db, creds, shop_id)
    _sync(db, creds, shop_id)
    method_calls = [c for c in sandbox.state.calls if c["endpoint"] == "getMethod"]
    assert len(method_calls) == 1, "the second run uses the downloaded methods"
    assert any("fizetési/szállítási mód" in m for m in first.messages)
    with db.reading() as s:
        cod = s.scalar(select(PaymentMethod).where(PaymentMethod.name == "Utánvét"))
        transfer = s.scalar(select(PaymentMethod).where(PaymentMethod.name == "Banki átutalás"))
        gls = s.scalar(select(ShippingMethod).where(ShippingMethod.name == "GLS futárszolgálat"))
        cash = s.scalar(select(PaymentMethod).where(PaymentMethod.name == "Készpénz (személyes átvétel)"))
    assert cash is not None and cash.is_cash
    assert cod is not None and not cod.is_cash
    assert transfer is not None and not transfer.is_cash and transfer.due_days == 8
    assert gls is not None
    # an order paid by a downloaded method uses that method, no second one is made
    _place(
        sandbox,
        [_line("SKU-M1", "Bögre", "1", "1270")],
        payment={"id": 12, "name": "Utánvét", "type": "cod", "status": "unpaid"},
        shipping={"id": 21, "name": "GLS futárszolgálat"},
    )
    with db.transaction() as s:
        from app.db.shops import Shop

        s.get(Shop, shop_id).methods_synced_at = None  # type: ignore[union-attr]
    _sync(db, creds, shop_id)
    (doc,) = _orders(db)
    with db.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(PaymentMethod).where(PaymentMethod.name == "Utánvét"))
            == 1
        )
    assert doc.payment_method_id == cod.id
    assert doc.shipping_method_id == gls.id


def test_sync_orders_json_from_the_command_line(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, monkeypatch, capsys
) -> None:
    import json

    from app import cli

    _add_shop(db, creds, sandbox)
    _place(sandbox, [_line("DEMO-0001", "Bögre", "1", "1270")])
    monkeypatch.setattr("app.credentials.CredentialStore", lambda *a, **k: creds)
    assert cli.run(["--db", db.url, "sync", "orders", "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["created"] == 1 and record["events"][0]["kind"] == "order"
