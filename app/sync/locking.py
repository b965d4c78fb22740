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
