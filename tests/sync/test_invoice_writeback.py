"""After invoicing, the shop shows the order as billed with our number; never a reused key."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shop_api import ShopApiState
from app.db.shop_links import ShopInvoiceWriteback
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.services import invoicing
from app.sync import shops
from app.sync.invoice_writeback import NO_MODIFICATION_FIELD, write_back_invoices
from tests.services.test_invoicing import set_company
from tests.sync.test_order_sync import _add_shop, _line, _orders, _place, _sync


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=6, orders=0, seed=11, customers=2))).start()
    yield server
    server.stop()


@pytest.fixture
def creds(tmp_path) -> CredentialStore:
    return CredentialStore(tmp_path, use_keyring=False)


def _invoice_first_order(db: Database) -> str:
    [order] = _orders(db)
    with db.transaction() as s:
        set_company(s)
        return invoicing.invoice_from_order(s, order.id).number


def _client(db: Database, creds: CredentialStore, shop_id: int):
    return shops.shop_client(db, creds, shop_id)


def test_invoice_number_is_written_back(db: Database, sandbox: SandboxServer, creds: CredentialStore) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    placed = _place(sandbox, [_line("DEMO-0001", "Bögre", "1", "1270")], invoice_status=1)
    _sync(db, creds, shop_id)
    number = _invoice_first_order(db)
    assert write_back_invoices(db, shop_id, _client(db, creds, shop_id)) == []
    order = sandbox.state.order_by_key(placed["key"])
    assert order is not None and (order["invoice_status"], order["invoice_number"]) == (2, number)
    calls = [c for c in sandbox.state.calls if c["endpoint"] == "setOrder"]
    assert (
        len(calls) == 1
        and b"<StatusEmail>no</StatusEmail>" in calls[0]["body"]
        and b"<Items" not in calls[0]["body"]
    )
    with db.reading() as s:
        assert s.scalar(select(ShopInvoiceWriteback.status)) == "done"


def test_shop_down_invoicing_works_and_the_write_back_happens_later(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    placed = _place(sandbox, [_line("DEMO-0002", "Tál", "2", "2540")], invoice_status=1)
    _sync(db, creds, shop_id)
    sandbox.inject("http500", count=5)
    number = _invoice_first_order(db)  # the shop is not needed to invoice
    messages = write_back_invoices(db, shop_id, _client(db, creds, shop_id))
    assert messages and "később" in messages[0]
    with db.reading() as s:
        assert s.scalar(select(ShopInvoiceWriteback.status)) == "pending"
    assert sandbox.state.order_by_key(placed["key"])["invoice_status"] == 1  # type: ignore[index]
    sandbox.faults.clear()
    with db.transaction() as s:  # as if the back-off time passed
        s.execute(update(ShopApiState).values(backoff_until=None, backoff_step=0))
    _sync(db, creds, shop_id)  # every order sync retries the queue
    order = sandbox.state.order_by_key(placed["key"])
    assert order is not None and (order["invoice_status"], order["invoice_number"]) == (2, number)


def test_a_reused_key_is_not_written_to(db: Database, sandbox: SandboxServer, creds: CredentialStore) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    placed = _place(sandbox, [_line("DEMO-0003", "Kés", "1", "3000")], invoice_status=1, placed=1_700_000_000)
    _sync(db, creds, shop_id)
    _invoice_first_order(db)
    # The order is deleted in the shop and its key given to a new order.
    sandbox.state.order_by_key(placed["key"])["deleted"] = True  # type: ignore[index]
    sandbox.state.data.deleted_order_keys.append(placed["key"])
    sandbox.set_readings(reuse_deleted_keys=True)
    newcomer = _place(sandbox, [_line("DEMO-0004", "Villa", "1", "900")], invoice_status=1)
    assert newcomer["key"] == placed["key"]
    messages = write_back_invoices(db, shop_id, _client(db, creds, shop_id))
    assert messages and "nem írjuk vissza" in messages[0]
    assert sandbox.state.order_by_key(placed["key"])["invoice_status"] == 1  # type: ignore[index]
    assert not [c for c in sandbox.state.calls if c["endpoint"] == "setOrder"]
    with db.reading() as s:
        assert s.scalar(select(ShopInvoiceWriteback.status)) == "skipped"


def test_a_storno_is_written_back_and_a_modifying_invoice_is_logged_as_not_written(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    from app.services.invoice_corrections import LineChange, modify_invoice, storno_invoice

    shop_id = _add_shop(db, creds, sandbox)
    placed = _place(sandbox, [_line("DEMO-0001", "Bögre", "2", "1270")], invoice_status=1)
    _sync(db, creds, shop_id)
    number = _invoice_first_order(db)
    assert write_back_invoices(db, shop_id, _client(db, creds, shop_id)) == []
    with db.transaction() as s:
        invoice_id = s.scalar(select(ShopInvoiceWriteback.invoice_id))
        assert invoice_id is not None
        modification = modify_invoice(s, invoice_id, [LineChange(1, returned=Decimal(1))])
        modified_number = modification.number
    messages = write_back_invoices(db, shop_id, _client(db, creds, shop_id))
    assert messages == [f"{placed['key']}: {modified_number} – {NO_MODIFICATION_FIELD}"]
    assert [c for c in sandbox.state.calls if c["endpoint"] == "setOrder"][1:] == []  # nothing sent
    with db.transaction() as s:
        storno_number = storno_invoice(s, invoice_id).number
    assert write_back_invoices(db, shop_id, _client(db, creds, shop_id)) == []
    order = sandbox.state.order_by_key(placed["key"])
    assert order is not None
    # The shop keeps our invoice number and shows the cancelling one beside it.
    assert (order["invoice_number"], order["storno_number"]) == (number, storno_number)
    last = [c for c in sandbox.state.calls if c["endpoint"] == "setOrder"][-1]["body"]
    assert f"<Storno><Number><![CDATA[{storno_number}]]></Number></Storno>".encode() in last
    assert b"<Invoice>" not in last
    with db.reading() as s:
        rows = s.execute(select(ShopInvoiceWriteback.target, ShopInvoiceWriteback.status)).all()
    assert sorted(rows) == [("invoice", "done"), ("modification", "skipped"), ("storno", "done")]
