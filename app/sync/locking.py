"""Per-shop serialisation of order imports across workstations.

Timeline prevented: workstation A reads "order 1000-5 not linked", B reads the same, both create
a document. On PostgreSQL every order transaction first takes a transaction-level advisory lock
for the shop, so B waits for A's commit and then sees A's link. On SQLite the write lock taken by
BEGIN IMMEDIATE serialises the transactions the same way. In both, the unique constraint on
(shop, order key, order date) is the last line of defence.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# Advisory lock namespace for order imports (any constant unique within the program).
ORDER_IMPORT_LOCK = 0x6B_6F_6C


def lock_shop_for_import(session: Session, shop_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, :shop)"), {"ns": ORDER_IMPORT_LOCK, "shop": shop_id}
        )


def begin_order_import(session: Session, shop_id: int) -> None:
    """The first statement of one shop order's import transaction (never of any other).

    On PostgreSQL this transaction alone commits without waiting for the disk
    (``synchronous_commit`` off, set with ``set_config(..., true)`` = SET LOCAL): a durable commit
    costs ~5 ms, more than the whole import of an order. What a server crash can lose is only the
    last few such commits, and the import is idempotent: the shop's order cursor moves in a later,
    durable commit of the same WAL, which (being durable) makes every import before it durable too;
    a crash before it leaves the cursor where it was, so the next run reads those orders again.
    Invoices, the cursor and everything the user types keep the durable default.
    tests/sync/test_server_crash.py kills the server mid-import and after the cursor to prove it.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(:ns, :shop)"),
            {"ns": ORDER_IMPORT_LOCK, "shop": shop_id},
        )
