"""Queued write-backs of invoices to the shop: the order becomes "Számlázva" (2) with our number;
a storno goes into ``Storno.Number`` (the invoice number stays); a modifying invoice has no field in
the contract, so it is only logged.

Queued in the invoicing transaction and sent here: right after invoicing when the shop answers,
otherwise on a later sync. Before writing, the order key is looked up again: UNAS gives the keys of
deleted orders to new ones, so a key whose order has another date is never written to.
"""

from __future__ import annotations

from sqlalchemy import select

from app.db.database import Database
from app.db.shop_links import ShopInvoiceWriteback
from app.unas import orders
from app.unas.client import UnasClient
from app.unas.errors import UnasError
from app.unas.records import OrderQuery, OrderUpdate

BILLED = 2
STORNO = "storno"
MODIFICATION = "modification"
NO_MODIFICATION_FIELD = (
    "helyesbítő számla: a UNAS rendelésben nincs rá mező, ezért a webáruházba nem írtuk vissza "
    "(a webáruház a számlaszámot mutatja tovább)."
)
REUSED_KEY = (
    "A rendelés a webáruházban már nem található, vagy a kulcsát egy másik rendelés kapta: "
    "a számlaszámot nem írjuk vissza."
)


def write_back_invoices(db: Database, shop_id: int, client: UnasClient) -> list[str]:
    """Send what is queued for the shop; returns Hungarian messages (nothing raised: never blocks)."""
    messages: list[str] = []
    with db.reading() as session:
        queued = [
            (wb.id, wb.order_key, wb.order_date, wb.invoice_number, wb.target)
            for wb in session.scalars(
                select(ShopInvoiceWriteback)
                .where(ShopInvoiceWriteback.shop_id == shop_id, ShopInvoiceWriteback.status == "pending")
                .order_by(ShopInvoiceWriteback.id)
            )
        ]
    ready: list[tuple[int, OrderUpdate]] = []
    for wb_id, key, order_date, number, target in queued:
        if target == MODIFICATION:
            _note(db, wb_id, "skipped", NO_MODIFICATION_FIELD)
            messages.append(f"{key}: {number} – {NO_MODIFICATION_FIELD}")
            continue
        try:
            found = orders.get_orders(client, OrderQuery(key=key))
        except UnasError as exc:
            _note(db, wb_id, "pending", exc.user_message)
            messages.append(f"A számlaszám visszaírása később folytatódik: {exc.user_message}")
            break
        if not any(o.unas_key == key and o.date == order_date for o in found):
            _note(db, wb_id, "skipped", REUSED_KEY)
            messages.append(f"{key}: {REUSED_KEY}")
            continue
        if target == STORNO:  # the invoice number stays; the cancelling invoice beside it
            ready.append((wb_id, OrderUpdate(key=key, storno_number=number)))
        else:
            ready.append((wb_id, OrderUpdate(key=key, invoice_status=BILLED, invoice_number=number)))
    if not ready:
        return messages
    result, error = orders.set_orders(client, [update for _id, update in ready])
    for (wb_id, update), item in zip(ready, result.items, strict=True):
        if item.status == "ok":
            _note(db, wb_id, "done", "")
        elif item.status == "held_back":
            _note(db, wb_id, "failed", "A webáruház korábban elutasította ugyanezt; nem küldjük újra.")
        elif item.status == "not_reached":
            _note(db, wb_id, "pending", "A webáruház nem dolgozta fel; újrapróbáljuk.")
        else:
            _note(db, wb_id, "pending", item.error or "A webáruház elutasította.")
            messages.append(f"{update.key}: a számlaszám visszaírása nem sikerült: {item.error}")
    if error is not None:
        messages.append(
            f"A számlaszám visszaírása később folytatódik: {getattr(error, 'user_message', error)}"
        )
    return messages


def _note(db: Database, wb_id: int, status: str, message: str) -> None:
    with db.transaction() as session:
        wb = session.get(ShopInvoiceWriteback, wb_id)
        if wb is None:
            return
        wb.status = status
        wb.message = message
        wb.attempts = (wb.attempts or 0) + 1
