"""Creating and changing documents: customer orders, invoices and purchase receipts.

Each function works inside the caller's transaction; the number is allocated in it, so a
rollback gives the number back and a commit makes document, number and stock moves appear
together.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from app.db.catalog import Product, ProductKind
from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus
from app.db.partners import Supplier
from app.db.stock import StockMove, Warehouse
from app.errors import NotFoundError, ValidationError
from app.services import document_fill as fill
from app.services import numbering
from app.services.document_input import DocumentInput as DocumentInput
from app.services.document_input import LineInput as LineInput
from app.services.stock import stock_level
from app.timeutil import budapest_today, utcnow

DEFAULT_PREFIX = {
    DocumentKind.CUSTOMER_ORDER: numbering.ORDER_PREFIX,
    DocumentKind.INVOICE: numbering.INVOICE_PREFIX,
    DocumentKind.PURCHASE_RECEIPT: numbering.RECEIPT_PREFIX,
    DocumentKind.TRANSFER: numbering.TRANSFER_PREFIX,
    DocumentKind.STOCK_ADJUSTMENT: numbering.SHORTAGE_PREFIX,
}

KIND_LABEL = {
    DocumentKind.CUSTOMER_ORDER: "vevői rendelés",
    DocumentKind.INVOICE: "számla",
    DocumentKind.PURCHASE_RECEIPT: "bevételezés",
    DocumentKind.TRANSFER: "raktárközi átadás",
    DocumentKind.STOCK_ADJUSTMENT: "leltáreltérés",
}


def create_customer_order(session: Session, data: DocumentInput) -> Document:
    """An open order: it reserves its goods in its warehouse until invoiced or cancelled."""
    return _create(session, DocumentKind.CUSTOMER_ORDER, DocumentStatus.OPEN, data)


def create_invoice(session: Session, data: DocumentInput) -> Document:
    """A direct invoice (not from an order): takes its goods out of stock."""
    doc = _create(session, DocumentKind.INVOICE, DocumentStatus.ISSUED, data)
    _post_stock(session, doc, sign=-1)
    return doc


def create_purchase_receipt(session: Session, data: DocumentInput) -> Document:
    """A purchase receipt (bevételezés): adds stock at its purchase prices."""
    for index, line in enumerate(data.lines, start=1):
        if line.quantity <= 0:
            raise ValidationError(
                f"A bevételezett mennyiség csak pozitív lehet (a(z) {index}. sorban {line.quantity} áll).",
                "negative or zero receipt quantity",
            )
    if data.supplier_id is not None and session.get(Supplier, data.supplier_id) is None:
        raise ValidationError("A kiválasztott szállító nem létezik (talán közben törölték).")
    invoice_number = data.supplier_invoice_number.strip()
    if len(invoice_number) > 60 or any(ord(ch) < 32 for ch in invoice_number):
        raise ValidationError("A szállítói számla sorszáma legfeljebb 60 karakter, vezérlőkarakter nélkül.")
    doc = _create(session, DocumentKind.PURCHASE_RECEIPT, DocumentStatus.ISSUED, data)
    doc.supplier_id = data.supplier_id
    doc.supplier_invoice_number = invoice_number
    doc.supplier_invoice_date = data.supplier_invoice_date
    _post_stock(session, doc, sign=1)
    for doc_line in doc.lines:
        if doc_line.product_id is not None and doc_line.stock_item:
            product = session.get(Product, doc_line.product_id)
            assert product is not None
            product.purchase_price = fill.net_unit_price(doc_line)
    return doc


def reverse_receipt(session: Session, receipt_id: int) -> Document:
    """Sztornó bevételezés: a final receipt is never deleted; a negative receipt takes its goods
    back out (the same quantities and prices), pointing at the original."""
    original = get_document(session, receipt_id)
    if original.kind != DocumentKind.PURCHASE_RECEIPT:
        raise ValidationError(f"A(z) {original.number} nem bevételezés.")
    if original.source_document_id is not None:
        raise ValidationError(f"A(z) {original.number} maga is egy bevételezés sztornója.")
    done = session.scalar(select(Document.number).where(Document.source_document_id == original.id))
    if done is not None:
        raise ValidationError(f"A(z) {original.number} bevételezést már sztornózták: {done}.")
    for line in original.lines:
        if line.stock_item and line.product_id is not None:
            have = stock_level(session, line.product_id, original.warehouse_id).on_hand
            if have < line.quantity:
                raise ValidationError(
                    f"A(z) {original.number} nem sztornózható: a(z) {line.product_code} termékből a "
                    f"raktárban már csak {have.normalize():f} van, a bevételezett "
                    f"{line.quantity.normalize():f} helyett."
                )
    data = DocumentInput(
        lines=[
            LineInput(
                -line.quantity,
                line.product_id,
                name=line.name,
                unit=line.unit,
                unit_price=line.unit_price,
                price_is_gross=line.price_is_gross,
                vat_code=line.vat_code,
            )
            for line in original.lines
        ],
        warehouse_id=original.warehouse_id,
        header_note=f"A(z) {original.number} bevételezés sztornója",
        supplier_id=original.supplier_id,
        supplier_invoice_number=original.supplier_invoice_number,
        supplier_invoice_date=original.supplier_invoice_date,
    )
    reversal = _create(session, DocumentKind.PURCHASE_RECEIPT, DocumentStatus.ISSUED, data)
    reversal.source_document_id = original.id
    reversal.supplier_id = original.supplier_id
    reversal.supplier_invoice_number = original.supplier_invoice_number
    reversal.supplier_invoice_date = original.supplier_invoice_date
    _post_stock(session, reversal, sign=1)  # the quantities are negative: the goods go out
    return reversal


def create_stock_adjustment(
    session: Session, warehouse_id: int, lines: list[tuple[int, Decimal, Decimal]], prefix: str, note: str
) -> Document:
    """Leltárhiány or leltártöbblet: ``lines`` are (product, signed quantity, unit cost); the
    stock moves by exactly those quantities, at the purchase price the count was valued at."""
    data = DocumentInput(
        lines=[
            LineInput(qty, product_id, unit_price=cost, price_is_gross=False)
            for product_id, qty, cost in lines
        ],
        warehouse_id=warehouse_id,
        header_note=note,
        number_prefix=prefix,
    )
    doc = _create(session, DocumentKind.STOCK_ADJUSTMENT, DocumentStatus.ISSUED, data)
    _post_stock(session, doc, sign=1)  # signed quantities: a shortage goes out, a surplus comes in
    return doc


def create_transfer(session: Session, target_warehouse_id: int, data: DocumentInput) -> Document:
    """Raktárközi átadás: goods leave ``data.warehouse_id`` and arrive in the target, at their
    purchase price; the pushed free stock follows wherever the shop's warehouses are."""
    source_id = data.warehouse_id or fill.default_warehouse_id(session)
    if source_id == target_warehouse_id:
        raise ValidationError(
            "Az átadás forrás- és célraktára nem lehet ugyanaz: válasszon másik célraktárt."
        )
    target = session.get(Warehouse, target_warehouse_id)
    if target is None or session.get(Warehouse, source_id) is None:
        raise ValidationError("A kiválasztott raktár nem létezik.")
    for index, line in enumerate(data.lines, start=1):
        product = session.get(Product, line.product_id) if line.product_id is not None else None
        if product is None or product.kind != ProductKind.GOODS:
            raise ValidationError(f"Az átadás {index}. sorában nem készletes termék áll.")
        if not line.quantity.is_finite() or line.quantity <= 0:
            raise ValidationError(
                f"Az átadott mennyiség csak pozitív lehet (a(z) {index}. sorban, {product.code}: "
                f"{line.quantity})."
            )
        have = stock_level(session, product.id, source_id).on_hand
        if line.quantity > have:
            raise ValidationError(
                f"A(z) {product.code} termékből a forrásraktárban csak {have.normalize():f} van, "
                f"{line.quantity.normalize():f} nem adható át ({index}. sor)."
            )
        line.unit_price = product.purchase_price
        line.price_is_gross = False
    data.warehouse_id = source_id
    doc = _create(session, DocumentKind.TRANSFER, DocumentStatus.ISSUED, data)
    doc.target_warehouse_id = target_warehouse_id
    _post_stock(session, doc, sign=-1)
    session.flush()
    for doc_line in doc.lines:
        if doc_line.stock_item and doc_line.product_id is not None:
            session.add(
                StockMove(
                    product_id=doc_line.product_id,
                    warehouse_id=target_warehouse_id,
                    document_line_id=doc_line.id,
                    quantity=doc_line.quantity,
                    unit_cost=fill.net_unit_price(doc_line),
                )
            )
    session.flush()
    return doc


def update_customer_order(
    session: Session, order_id: int, data: DocumentInput, *, by_user: bool = True
) -> Document:
    """Replace the header and lines of an open order; issued documents are never edited.

    ``by_user``: edited here – the shop's later changes to it are then shown, not applied."""
    doc = get_document(session, order_id)
    if doc.kind != DocumentKind.CUSTOMER_ORDER or doc.status != DocumentStatus.OPEN:
        raise ValidationError(
            f"A(z) {doc.number} bizonylat már nem módosítható (csak nyitott rendelés szerkeszthető)."
        )
    fill.fill_header(session, doc, data)
    doc.lines.clear()
    session.flush()
    fill.fill_lines(session, doc, data)
    if by_user:
        doc.edited_at = utcnow()
    return doc


def cancel_customer_order(session: Session, order_id: int) -> Document:
    doc = get_document(session, order_id)
    if doc.kind != DocumentKind.CUSTOMER_ORDER:
        raise ValidationError(f"A(z) {doc.number} nem rendelés, nem mondható le.")
    if doc.status != DocumentStatus.OPEN:
        raise ValidationError(f"A(z) {doc.number} rendelés már nem nyitott, nem mondható le.")
    doc.status = DocumentStatus.CANCELLED
    return doc


def delete_document(session: Session, document_id: int) -> None:
    """Only an open order may be removed; issued documents stay for the books."""
    doc = get_document(session, document_id)
    if doc.kind != DocumentKind.CUSTOMER_ORDER or doc.status != DocumentStatus.OPEN:
        raise ValidationError(
            f"A(z) {doc.number} {KIND_LABEL[doc.kind]} nem törölhető: kiállított bizonylat csak "
            "sztornózható, lezárt rendelés megmarad."
        )
    session.delete(doc)


def get_document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFoundError("A bizonylat nem található (talán közben törölték).")
    return doc


def _create(session: Session, kind: DocumentKind, status: DocumentStatus, data: DocumentInput) -> Document:
    doc, _rows = _numbered(session, kind, status, data, attach=True)
    session.add(doc)
    session.flush()
    return doc


def _numbered(
    session: Session, kind: DocumentKind, status: DocumentStatus, data: DocumentInput, *, attach: bool
) -> tuple[Document, list[dict[str, object]]]:
    """A new document filled, priced and numbered, not yet in the session; ``attach``: its lines
    on ``doc.lines`` too (else only the returned rows, and the header is a DocumentDraft)."""
    if not data.lines:
        raise ValidationError("A bizonylatnak legalább egy tétele kell legyen.")
    issue_date = data.issue_date or budapest_today()
    values = {"kind": kind, "status": status, "issue_date": issue_date, "number": ""}
    doc = Document(**values) if attach else cast(Document, DocumentDraft(**values))
    fill.fill_header(session, doc, data)
    rows = fill.fill_lines(session, doc, data, attach=attach)
    # The number is taken last, after every check above passed, in the same transaction.
    doc.number = numbering.allocate_number(session, data.number_prefix or DEFAULT_PREFIX[kind], issue_date)
    return doc, rows


class DocumentDraft:
    """A document's header as plain attributes named as Document's columns (unset: not there).

    The order import fills some 45 of them per order and writes them with one INSERT; an ORM
    instance's instrumented attributes cost more than that INSERT."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> None:
        # Only for what is not set: an unset column reads None, as on a new ORM instance.
        if name in _DOCUMENT_KEYS:
            return None
        raise AttributeError(name)


@dataclass
class PreparedOrder:
    """A customer order checked, priced and numbered, not yet written (see prepare_customer_order)."""

    document: Document  # a DocumentDraft in fact: never added to a session
    lines: list[dict[str, object]]


def prepare_customer_order(session: Session, data: DocumentInput) -> PreparedOrder:
    """The order import's way in: the same checks, prices and number as create_customer_order,
    but the document is written by ``insert_prepared`` with Core statements – the ORM's unit of
    work cost more than everything else an imported order needs. The caller may still set
    header fields (addresses, warnings) on ``document`` before inserting it."""
    doc, rows = _numbered(session, DocumentKind.CUSTOMER_ORDER, DocumentStatus.OPEN, data, attach=False)
    return PreparedOrder(doc, rows)


def insert_prepared(session: Session, prepared: PreparedOrder) -> int:
    """Write a prepared order: one INSERT for the header, one for all its lines; returns its id.

    Plain Core statements built once, on the session's connection (in its transaction). Unset
    (None) attributes are left out so that the columns' defaults apply, as in a flush."""
    doc = prepared.document
    connection = session.connection()
    doc.id = connection.execute(_INSERT_DOCUMENT, _header_values(doc)).scalar_one()
    connection.execute(_INSERT_LINES, [{**row, "document_id": doc.id} for row in prepared.lines])
    return doc.id


def insert_prepared_many(session: Session, prepared: list[PreparedOrder]) -> list[int]:
    """Write several prepared orders: their headers with multi-row INSERT … RETURNING (the ids
    come back in the order given), then all their lines; returns the ids in that order.

    A multi-row INSERT needs the same columns in every row, and unset columns are left out (their
    defaults apply), so the headers go in runs of the same filled columns; runs keep the order.
    SQLite does not promise RETURNING's rows in the order of the VALUES (and SQLAlchemy would then
    insert row by row), so each id is matched to its document by the unique number."""
    connection = session.connection()
    by_number: dict[str, int] = {}
    for run in _runs([_header_values(p.document) for p in prepared]):
        by_number.update({number: doc_id for doc_id, number in connection.execute(_INSERT_DOCUMENTS, run)})
    ids = [by_number[p.document.number] for p in prepared]
    lines: list[dict[str, object]] = []
    for p, doc_id in zip(prepared, ids, strict=True):
        p.document.id = doc_id
        lines.extend({**row, "document_id": doc_id} for row in p.lines)
    for run in _runs(lines):
        connection.execute(_INSERT_LINES, run)
    return ids


def _header_values(doc: Document) -> dict[str, object]:
    return {key: value for key, value in vars(doc).items() if key in _DOCUMENT_KEYS and value is not None}


def _runs(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    """Consecutive rows with the same keys, in their order."""
    runs: list[list[dict[str, object]]] = []
    for row in rows:
        if runs and runs[-1][0].keys() == row.keys():
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


# Attribute and column names are the same for these tables (a test keeps them so).
_DOCUMENT_KEYS = frozenset(c.key for c in Document.__table__.columns if c.key != "id")
_DOCUMENTS = cast(Table, Document.__table__)
_INSERT_DOCUMENT = _DOCUMENTS.insert().returning(_DOCUMENTS.c.id)
_INSERT_DOCUMENTS = _DOCUMENTS.insert().returning(_DOCUMENTS.c.id, _DOCUMENTS.c.number)
_INSERT_LINES = cast(Table, DocumentLine.__table__).insert()


def _post_stock(session: Session, doc: Document, *, sign: int) -> None:
    session.flush()
    for line in doc.lines:
        if not line.stock_item or line.product_id is None:
            continue
        session.add(
            StockMove(
                product_id=line.product_id,
                warehouse_id=doc.warehouse_id,
                document_line_id=line.id,
                quantity=sign * line.quantity,
                unit_cost=fill.net_unit_price(line) if sign > 0 else None,
            )
        )
    if sign > 0:
        # A receipt records real stock: products created from webshop orders may now be stock-pushed.
        received = {line.product_id for line in doc.lines if line.stock_item and line.product_id is not None}
        if received:
            session.execute(
                update(Product)
                .where(Product.id.in_(received), Product.stock_recorded.is_(False))
                .values(stock_recorded=True)
                .execution_options(synchronize_session="fetch")
            )
    session.flush()
