"""Correcting an issued invoice: a storno (the whole invoice) or a modifying invoice (helyesbítő
számla: a partial return or a price correction). The original never changes.

NAV sees an invoice and its corrections as one chain: each correction has the next modification
index (stornos and modifications share the sequence), its own lines are numbered from 1, and each
line also carries a reference that continues the line numbering of the whole chain, with the
operation CREATE (NAV rejects MODIFY).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus
from app.errors import ValidationError
from app.invoice_data.figures import TEST_SERIES
from app.invoice_data.pricing import LineAmounts
from app.invoice_data.snapshot import KIND_MODIFICATION, KIND_STORNO
from app.nav.rules import ChainState
from app.services import documents as docs
from app.services.invoicing import copy_buyer, queue_writeback, seal
from app.timeutil import budapest_today


@dataclass(frozen=True)
class Chain:
    """An original invoice and the corrections issued so far."""

    original: Document
    corrections: list[Document]

    @property
    def lines(self) -> list[DocumentLine]:
        return [ln for doc in [self.original, *self.corrections] for ln in doc.lines]

    @property
    def next_index(self) -> int:
        return max((d.modification_index or 0 for d in self.corrections), default=0) + 1

    @property
    def existing_lines(self) -> frozenset[int]:
        refs = {ln.line_reference for d in self.corrections for ln in d.lines if ln.line_reference}
        return frozenset(set(range(1, len(self.original.lines) + 1)) | refs)

    @property
    def next_reference(self) -> int:
        return max(self.existing_lines, default=0) + 1

    def state(self) -> ChainState:
        return ChainState(
            original_number=self.original.number,
            original_issue_date=self.original.issue_date,
            existing_lines=self.existing_lines,
            used_indices=frozenset(d.modification_index or 0 for d in self.corrections),
            net_total=self.original.net_total + sum((d.net_total for d in self.corrections), Decimal(0)),
            storno_exists=any(d.storno_of_id is not None for d in self.corrections),
        )


def load_chain(session: Session, invoice_id: int) -> Chain:
    original = docs.get_document(session, invoice_id)
    if original.kind != DocumentKind.INVOICE or not original.sealed_at:
        raise ValidationError(f"A(z) {original.number} nem kiállított számla.")
    if original.storno_of_id is not None or original.modifies_id is not None:
        raise ValidationError(
            f"A(z) {original.number} maga is helyesbítés; az eredeti számlát helyesbítse vagy sztornózza."
        )
    corrections = list(
        session.scalars(
            select(Document)
            .where(or_(Document.storno_of_id == original.id, Document.modifies_id == original.id))
            .order_by(Document.modification_index, Document.id)
        )
    )
    return Chain(original, corrections)


def _header(
    original: Document, lines: list[docs.LineInput], note: str, today: date | None
) -> docs.DocumentInput:
    return docs.DocumentInput(
        lines=lines,
        customer_id=original.customer_id,
        warehouse_id=original.warehouse_id,
        issue_date=today or budapest_today(),  # kelt: the day it is issued
        fulfilment_date=original.fulfilment_date,
        header_note=note + (f"\n{original.header_note}" if original.header_note else ""),
        payment_method_id=original.payment_method_id,
        currency=original.currency,
        exchange_rate=original.exchange_rate,
        number_prefix=TEST_SERIES if original.is_test else None,
        is_test=original.is_test,
    )


def _finish(
    session: Session, correction: Document, chain: Chain, kind: str, now: datetime | None
) -> Document:
    original = chain.original
    copy_buyer(original, correction)
    correction.source_document_id = original.source_document_id
    correction.shop_id = original.shop_id
    correction.exchange_rate_source = original.exchange_rate_source
    correction.modification_index = chain.next_index
    seal(
        session,
        correction,
        kind=kind,
        original=original,
        modification_index=chain.next_index,
        chain=chain.state(),
        now=now,
    )
    return correction


def storno_invoice(
    session: Session, invoice_id: int, *, today: date | None = None, now: datetime | None = None
) -> Document:
    """Cancel an invoice: every line of the chain negated, stock back, the order open again."""
    chain = load_chain(session, invoice_id)
    original = chain.original
    claimed = session.execute(
        update(Document)
        .where(Document.id == original.id, Document.status == DocumentStatus.ISSUED)
        .values(status=DocumentStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationError(f"A(z) {original.number} számlát már sztornózták.")
    session.refresh(original)
    reference = chain.next_reference
    lines = []
    for line in chain.lines:
        lines.append(
            docs.LineInput(
                quantity=-line.quantity,
                product_id=line.product_id,
                name=line.name,
                unit=line.unit,
                unit_price=line.unit_price,
                price_is_gross=line.price_is_gross,
                vat_code=line.vat_code,
                role=line.role,
                amounts=LineAmounts(-line.net_amount, -line.vat_amount, -line.gross_amount),
                line_reference=reference,
                corrected_position=line.corrected_position or line.position,
                moves_stock=line.stock_item,
            )
        )
        reference += 1
    data = _header(original, lines, f"Sztornó számla a(z) {original.number} számlához.", today)
    storno = docs.create_invoice(session, data)  # negative quantities: the stock comes back
    storno.storno_of_id = original.id
    storno.due_date = storno.issue_date
    storno.rounding = -(original.rounding + sum((d.rounding for d in chain.corrections), Decimal(0)))
    _finish(session, storno, chain, KIND_STORNO, now)
    if original.source_document_id is not None:
        order = session.get(Document, original.source_document_id)
        if order is not None and order.status == DocumentStatus.CLOSED:
            order.status = DocumentStatus.OPEN  # it may be invoiced again; it reserves again
        if order is not None:
            queue_writeback(session, order, storno, "storno")
    return storno


@dataclass(frozen=True)
class LineChange:
    """One line of the original: ``returned`` goods come back, or its unit price changes."""

    number: int  # the line's number on the original invoice
    returned: Decimal = Decimal(0)  # quantity taken back (positive)
    price_change: Decimal | None = None  # per unit, in the line's own pricing (negative: cheaper)


def modify_invoice(
    session: Session,
    invoice_id: int,
    changes: list[LineChange],
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> Document:
    """A modifying invoice (helyesbítő számla) for returns and price corrections of chosen lines."""
    if not changes:
        raise ValidationError("Adja meg, melyik tétel hogyan változik (visszáru mennyisége vagy árváltozás).")
    chain = load_chain(session, invoice_id)
    original = chain.original
    if original.status != DocumentStatus.ISSUED:
        raise ValidationError(f"A(z) {original.number} számlát sztornózták, már nem helyesbíthető.")
    by_number = {ln.position: ln for ln in original.lines}
    reference = chain.next_reference
    lines: list[docs.LineInput] = []
    for change in changes:
        line = by_number.get(change.number)
        if line is None:
            raise ValidationError(f"A(z) {original.number} számlán nincs {change.number}. tétel.")
        remaining = line.quantity + sum(
            (
                ln.quantity
                for d in chain.corrections
                for ln in d.lines
                if ln.corrected_position == line.position
            ),
            Decimal(0),
        )
        if change.returned:
            if change.returned < 0 or change.returned > remaining:
                raise ValidationError(
                    f"A(z) {change.number}. tételből ({line.name}) legfeljebb {remaining.normalize()} "
                    f"{line.unit} vehető vissza, {change.returned.normalize()} nem."
                )
            lines.append(
                docs.LineInput(
                    quantity=-change.returned,
                    product_id=line.product_id,
                    name=f"{line.name} – visszáru",
                    unit=line.unit,
                    unit_price=line.unit_price,
                    price_is_gross=line.price_is_gross,
                    vat_code=line.vat_code,
                    role=line.role,
                    line_reference=reference,
                    corrected_position=line.position,
                    moves_stock=line.stock_item,
                )
            )
            reference += 1
        if change.price_change:
            kept = remaining - change.returned
            if kept <= 0:
                raise ValidationError(
                    f"A(z) {change.number}. tételből nem maradt mennyiség az árváltozáshoz."
                )
            lines.append(
                docs.LineInput(
                    quantity=kept,
                    product_id=line.product_id,
                    name=f"{line.name} – árváltozás",
                    unit=line.unit,
                    unit_price=change.price_change,
                    price_is_gross=line.price_is_gross,
                    vat_code=line.vat_code,
                    role=line.role,
                    line_reference=reference,
                    corrected_position=line.position,
                    moves_stock=False,
                )
            )
            reference += 1
    if not lines:
        raise ValidationError("A helyesbítés nem változtatna semmit.")
    note = f"Helyesbítő számla (módosító okirat) a(z) {original.number} számlához."
    data = _header(original, lines, note, today)
    modification = docs.create_invoice(session, data)  # returned goods come back to stock
    modification.modifies_id = original.id
    modification.due_date = modification.issue_date
    _finish(session, modification, chain, KIND_MODIFICATION, now)
    order = session.get(Document, original.source_document_id) if original.source_document_id else None
    if order is not None:
        queue_writeback(session, order, modification, "modification")
    return modification


@dataclass(frozen=True)
class CorrectableLine:
    number: int
    name: str
    remaining: Decimal  # the quantity still on the invoice after earlier returns
    unit: str
    unit_price: Decimal
    price_is_gross: bool


def correctable_lines(session: Session, invoice_id: int) -> tuple[str, list[CorrectableLine]]:
    """The invoice's number and its lines as a modifying invoice can change them."""
    chain = load_chain(session, invoice_id)
    if chain.original.status != DocumentStatus.ISSUED:
        raise ValidationError(f"A(z) {chain.original.number} számlát sztornózták, már nem helyesbíthető.")
    out = []
    for line in sorted(chain.original.lines, key=lambda ln: ln.position):
        returned = sum(
            (
                ln.quantity
                for d in chain.corrections
                for ln in d.lines
                if ln.corrected_position == line.position
            ),
            Decimal(0),
        )
        out.append(
            CorrectableLine(
                line.position,
                line.name,
                line.quantity + returned,
                line.unit,
                line.unit_price,
                line.price_is_gross,
            )
        )
    return chain.original.number, out


def line_number(session: Session, invoice_id: int, reference: str) -> int:
    """The line a user means by ``reference``: its number, or a product code found on one line only."""
    reference = reference.strip()
    original = load_chain(session, invoice_id).original
    if reference.isdigit():
        return int(reference)
    matches = [ln.position for ln in original.lines if ln.product_code.lower() == reference.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(f"A(z) {original.number} számlán nincs „{reference}” kódú tétel.")
    numbers = ", ".join(str(n) for n in sorted(matches))
    raise ValidationError(
        f"A(z) „{reference}” kód a(z) {original.number} számla több tételén is szerepel "
        f"({numbers}. tétel): adja meg a tétel sorszámát."
    )
