"""Creating and changing documents: customer orders, invoices and purchase receipts.

Each function works inside the caller's transaction; the number is allocated in it, so a
rollback gives the number back and a commit makes document, number and stock moves appear
together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Product, ProductKind, VatRate
from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus
from app.db.partners import Customer, Supplier
from app.db.stock import StockMove, Warehouse
from app.errors import NotFoundError, ValidationError
from app.invoice_data.pricing import LineAmounts, PricedLine, price_lines
from app.money import HUF
from app.services import numbering
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


@dataclass
class LineInput:
    """One line as the user or an import gives it; missing values come from the product."""

    quantity: Decimal
    product_id: int | None = None
    name: str | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    price_is_gross: bool | None = None
    vat_code: str | None = None
    role: str | None = None  # goods | service | discount | shipping | handling (default: by product)
    # Corrections: the amounts are given (a storno repeats the original's, negated).
    amounts: LineAmounts | None = None
    line_reference: int | None = None
    corrected_position: int | None = None
    # A price correction of goods moves no stock (None: goods move stock, services do not).
    moves_stock: bool | None = None


@dataclass
class DocumentInput:
    lines: list[LineInput]
    customer_id: int | None = None
    warehouse_id: int | None = None
    issue_date: date | None = None
    fulfilment_date: date | None = None
    header_note: str = ""
    internal_note: str = ""
    payment_method_id: int | None = None
    shipping_method_id: int | None = None
    currency: str = HUF
    exchange_rate: Decimal = Decimal(1)
    number_prefix: str | None = None
    shop_id: int | None = None  # the webshop an imported order came from
    is_test: bool = False  # made for a test shop (Élesítés removes it)
    # Lines written with one INSERT (order import); the document's ``lines`` collection is then not
    # filled in this session and loads from the database when read.
    bulk_lines: bool = False
    extra: dict[str, object] = field(default_factory=dict)
    # A purchase receipt: the supplier and the number and date of the supplier's invoice.
    supplier_id: int | None = None
    supplier_invoice_number: str = ""
    supplier_invoice_date: date | None = None


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
            product.purchase_price = _net_unit_price(doc_line)
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
    source_id = data.warehouse_id or _default_warehouse_id(session)
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
                    unit_cost=_net_unit_price(doc_line),
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
    _fill_header(session, doc, data)
    doc.lines.clear()
    session.flush()
    _fill_lines(session, doc, data)
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
    if not data.lines:
        raise ValidationError("A bizonylatnak legalább egy tétele kell legyen.")
    issue_date = data.issue_date or budapest_today()
    doc = Document(kind=kind, status=status, issue_date=issue_date, number="")
    _fill_header(session, doc, data)
    session.add(doc)
    rows = _fill_lines(session, doc, data, attach=not data.bulk_lines)
    # The number is taken last, after every check above passed, in the same transaction.
    doc.number = numbering.allocate_number(session, data.number_prefix or DEFAULT_PREFIX[kind], issue_date)
    session.flush()
    if data.bulk_lines:
        session.execute(insert(DocumentLine), [{**row, "document_id": doc.id} for row in rows])
    return doc


def _fill_header(session: Session, doc: Document, data: DocumentInput) -> None:
    doc.issue_date = data.issue_date or doc.issue_date or budapest_today()
    if doc.kind == DocumentKind.CUSTOMER_ORDER:
        # An order's teljesítés is its delivery day, known only when the user gives it; the
        # invoice then defaults to it (else to the day it is issued).
        doc.fulfilment_date = data.fulfilment_date
    else:
        doc.fulfilment_date = data.fulfilment_date or doc.issue_date
    doc.warehouse_id = data.warehouse_id or _default_warehouse_id(session)
    doc.header_note = data.header_note
    doc.internal_note = data.internal_note
    doc.payment_method_id = data.payment_method_id
    doc.shipping_method_id = data.shipping_method_id
    doc.currency = data.currency.upper()
    doc.exchange_rate = data.exchange_rate
    if data.shop_id is not None:
        doc.shop_id = data.shop_id
    doc.is_test = doc.is_test or data.is_test
    doc.due_date = doc.issue_date
    if data.payment_method_id is not None:
        method = session.get(PaymentMethod, data.payment_method_id)
        if method is None:
            raise ValidationError("A kiválasztott fizetési mód nem létezik.")
        doc.due_date = doc.issue_date + timedelta(days=method.due_days)
    _snapshot_customer(session, doc, data.customer_id)


def _snapshot_customer(session: Session, doc: Document, customer_id: int | None) -> None:
    doc.customer_id = customer_id
    if customer_id is None:
        return
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ValidationError("A kiválasztott vevő nem létezik.")
    doc.customer_name = customer.name
    doc.customer_email = customer.email
    doc.customer_phone = customer.phone
    doc.customer_is_private = customer.is_private
    doc.customer_tax_number = customer.tax_number
    doc.customer_eu_tax_number = customer.eu_tax_number
    for part in ("country", "postal_code", "city", "street"):
        setattr(doc, f"billing_{part}", getattr(customer, f"billing_{part}"))
        setattr(doc, f"shipping_{part}", getattr(customer, f"shipping_{part}"))
    doc.shipping_name = customer.shipping_name or customer.name


def _fill_lines(
    session: Session, doc: Document, data: DocumentInput, *, attach: bool = True
) -> list[dict[str, object]]:
    """Check and price the lines; ``attach`` adds them to ``doc.lines``, otherwise the caller inserts.

    Amounts are computed per VAT rate for the whole document (app.invoice_data.pricing).
    """
    vat_by_code = {v.code: v for v in session.scalars(select(VatRate))}
    resolved: list[tuple[LineInput, Product | None, VatRate, Decimal, bool]] = []
    for position, item in enumerate(data.lines, start=1):
        if item.quantity == 0:
            raise ValidationError(f"A(z) {position}. tétel mennyisége nem lehet nulla.")
        product = session.get(Product, item.product_id) if item.product_id is not None else None
        if item.product_id is not None and product is None:
            raise ValidationError(f"A(z) {position}. tétel terméke nem létezik.")
        vat_code = item.vat_code or (product.vat_rate.code if product else None)
        if vat_code is None or vat_code not in vat_by_code:
            raise ValidationError(
                f"Ismeretlen ÁFA-kulcs a(z) {position}. tételen: {vat_code or '(üres)'}. "
                "Vegye fel a Törzsadatok › ÁFA-kulcsok között, vagy válasszon másikat."
            )
        price_is_gross = (
            item.price_is_gross if item.price_is_gross is not None else _prices_gross_by_default(doc)
        )
        unit_price = item.unit_price
        if unit_price is None:
            if product is None:
                raise ValidationError(f"A(z) {position}. tételnek nincs egységára.")
            unit_price = _product_price(doc, product, price_is_gross)
        if not (item.name or (product.name if product else "")):
            raise ValidationError(f"A(z) {position}. tételnek nincs megnevezése.")
        resolved.append((item, product, vat_by_code[vat_code], unit_price, price_is_gross))
    priced = price_lines(
        [
            PricedLine(rate.code, rate.percent, item.quantity, price, gross, item.amounts)
            for item, _product, rate, price, gross in resolved
        ],
        doc.currency,
    )
    rows: list[dict[str, object]] = []
    net = vat = gross_total = Decimal(0)
    for position, ((item, product, rate, unit_price, price_is_gross), amounts) in enumerate(
        zip(resolved, priced, strict=True), start=1
    ):
        goods = product is not None and product.kind == ProductKind.GOODS
        moves = goods if item.moves_stock is None else (goods and item.moves_stock)
        row: dict[str, object] = {
            "position": position,
            "product_id": product.id if product else None,
            "product_code": product.code if product else "",
            "name": item.name or (product.name if product else ""),
            "unit": item.unit or (product.unit.name if product else "db"),
            "quantity": item.quantity,
            "unit_price": unit_price,
            "price_is_gross": price_is_gross,
            "vat_rate_id": rate.id,
            "vat_code": rate.code,
            "vat_percent": rate.percent,
            "net_amount": amounts.net,
            "vat_amount": amounts.vat,
            "gross_amount": amounts.gross,
            "stock_item": moves,
            "role": item.role or ("goods" if goods else "service"),
            "line_reference": item.line_reference,
            "corrected_position": item.corrected_position,
        }
        rows.append(row)
        if attach:
            doc.lines.append(DocumentLine(**row))
        net += amounts.net
        vat += amounts.vat
        gross_total += amounts.gross
    doc.net_total, doc.vat_total, doc.gross_total = net, vat, gross_total
    return rows


def _prices_gross_by_default(doc: Document) -> bool:
    # Sales to consumers are priced gross (webshop, retail); purchases are priced net.
    return doc.kind != DocumentKind.PURCHASE_RECEIPT


def _product_price(doc: Document, product: Product, price_is_gross: bool) -> Decimal:
    if doc.kind == DocumentKind.PURCHASE_RECEIPT:
        return product.purchase_price
    return product.gross_price if price_is_gross else product.net_price


def _net_unit_price(line: DocumentLine) -> Decimal:
    if not line.price_is_gross:
        return line.unit_price
    return (line.net_amount / line.quantity).quantize(Decimal("0.0001"))


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
                unit_cost=_net_unit_price(line) if sign > 0 else None,
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


def _default_warehouse_id(session: Session) -> int:
    warehouse_id = session.scalar(
        select(Warehouse.id).where(Warehouse.active.is_(True)).order_by(Warehouse.id)
    )
    if warehouse_id is None:
        raise ValidationError("Nincs raktár felvéve: vegyen fel egyet a Törzsadatok › Raktárak alatt.")
    return warehouse_id
