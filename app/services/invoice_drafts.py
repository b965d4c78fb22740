"""An invoice before it is issued: prepared from an order, checked, shown to the user.

Everything the invoice will say is worked out here – the buyer's status, teljesítés, the lines
with discounts and shipping shared out over the VAT rates, the per-rate totals – together with
every reason it cannot be issued yet (in Hungarian, each with what resolves it). Issuing
(``app.services.invoicing``) takes exactly these lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import VatKind, VatRate
from app.db.company import Company
from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.nav import NavTaxpayer
from app.db.shops import Shop
from app.errors import ValidationError
from app.formatting import format_date, format_money
from app.invoice_data.apportion import VOUCHER, DraftLine, apportion
from app.invoice_data.legal_texts import STATUS_AAM
from app.invoice_data.pricing import LineAmounts, PricedLine, VatSummaryRow, price_lines, vat_summary
from app.money import HUF
from app.services.invoice_buyer import BuyerStatus, address_problem, buyer_status
from app.timeutil import budapest_today
from app.values.tax_numbers import problem as tax_number_problem

# What resolves a problem (the GUI shows a control for it, the CLI an option).
CONFIRM_NOT_VAT_SUBJECT = "not_vat_subject"  # CLI --not-vat-subject
CONFIRM_LATE_FULFILMENT = "late_fulfilment"  # a teljesítés after kelt
NEEDS_RATE = "exchange_rate"  # CLI --rate


@dataclass(frozen=True)
class InvoiceOptions:
    fulfilment_date: date | None = None  # teljesítés (default: today)
    exchange_rate: Decimal | None = None  # foreign currency: the rate the user confirmed
    exchange_rate_source: str = "MNB"
    not_vat_subject: bool = False  # the user confirmed: the buyer is not a VAT subject
    late_fulfilment_confirmed: bool = False


@dataclass(frozen=True)
class Problem:
    text: str
    resolves_by: str = ""  # one of the constants above, or "" (fix the data)


@dataclass
class InvoiceDraft:
    order_id: int
    order_number: str
    buyer: Document  # the order, whose buyer snapshot the invoice copies
    status: BuyerStatus
    issue_date: date
    fulfilment_date: date
    due_date: date
    currency: str
    exchange_rate: Decimal
    payment_method: str
    lines: list[DraftLine]
    amounts: list[LineAmounts]
    problems: list[Problem] = field(default_factory=list)
    # Redeemed vouchers on the order (gross, positive): a payment, not on the invoice's lines
    voucher_paid: Decimal = Decimal(0)

    @property
    def voucher_note(self) -> str:
        """The invoice's note for a redeemed voucher: what was paid with it, what is left to pay."""
        if not self.voucher_paid:
            return ""
        cur = self.currency
        unit = "Ft" if cur == HUF else cur
        left = self.gross_total - self.voucher_paid
        return (
            f"Utalvánnyal kiegyenlítve: {format_money(self.voucher_paid, cur)} {unit}; "
            f"fizetendő: {format_money(left, cur)} {unit}."
        )

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def vat_rows(self) -> list[VatSummaryRow]:
        return vat_summary(
            (ln.vat_code, ln.vat_percent, a) for ln, a in zip(self.lines, self.amounts, strict=True)
        )

    @property
    def gross_total(self) -> Decimal:
        return sum((a.gross for a in self.amounts), Decimal(0))

    @property
    def net_total(self) -> Decimal:
        return sum((a.net for a in self.amounts), Decimal(0))

    def preview_text(self) -> str:
        """The draft as the command line shows it before issuing."""
        cur = self.currency
        out = [
            f"Számla a(z) {self.order_number} rendelésből – vevő: {self.buyer.customer_name} "
            f"({_STATUS_WORDS.get(self.status.status, 'nincs eldöntve')})",
            f"Kelt: {format_date(self.issue_date)}  Teljesítés: {format_date(self.fulfilment_date)}  "
            f"Fizetési határidő: {format_date(self.due_date)}  Fizetés: {self.payment_method or '–'}",
        ]
        for line, amounts in zip(self.lines, self.amounts, strict=True):
            out.append(
                f"  {line.name[:48]:<48} {line.quantity.normalize():>6} {line.vat_code:>6} "
                f"{format_money(amounts.net, cur):>12} {format_money(amounts.gross, cur):>12}"
            )
        for row in self.vat_rows:
            out.append(
                f"  {row.vat_code}: nettó {format_money(row.net, cur)}, ÁFA {format_money(row.vat, cur)}, "
                f"bruttó {format_money(row.gross, cur)}"
            )
        out.append(f"  Végösszeg: {format_money(self.gross_total, cur)} {'Ft' if cur == HUF else cur}")
        if self.voucher_note:
            out.append(f"  {self.voucher_note}")
        out += [f"HIBA: {p.text}" for p in self.problems]
        return "\n".join(out)


_STATUS_WORDS = {"PRIVATE_PERSON": "magánszemély", "DOMESTIC": "belföldi ÁFA-alany", "OTHER": "egyéb"}


def draft_lines(session: Session, order: Document) -> list[DraftLine]:
    """The order's lines, with discounts and incidental costs shared out over the goods' rates;
    redeemed vouchers are payments and stay off (see ``voucher_total``)."""
    shop = session.get(Shop, order.shop_id) if order.shop_id else None
    lines = [
        DraftLine(
            role=ln.role,
            name=ln.name,
            quantity=ln.quantity,
            unit=ln.unit,
            unit_price=ln.unit_price,
            price_is_gross=ln.price_is_gross,
            vat_code=ln.vat_code,
            vat_percent=ln.vat_percent,
            product_id=ln.product_id,
            product_code=ln.product_code,
            stock_item=ln.stock_item,
            source_position=ln.position,
        )
        for ln in sorted(order.lines, key=lambda x: x.position)
        if ln.role != VOUCHER
    ]
    return apportion(lines, order.currency, keep_incidental_rate=bool(shop and shop.shipping_at_shop_rate))


@dataclass(frozen=True)
class SplitPart:
    """One per-rate part of an order's discount or cost line, as the invoice will carry it."""

    position: int  # the order line it comes from
    vat_code: str
    gross: Decimal


def order_split(session: Session, order_id: int) -> list[SplitPart]:
    """How the order's discounts, shipping and handling will be shared out over VAT rates."""
    order = session.get(Document, order_id)
    if order is None or order.kind != DocumentKind.CUSTOMER_ORDER:
        return []
    lines = draft_lines(session, order)
    amounts = price_lines(
        [
            PricedLine(ln.vat_code, ln.vat_percent, ln.quantity, ln.unit_price, ln.price_is_gross)
            for ln in lines
        ],
        order.currency,
    )
    return [
        SplitPart(ln.source_position, ln.vat_code, amount.gross)
        for ln, amount in zip(lines, amounts, strict=True)
        if ln.split and ln.source_position is not None
    ]


def prepare_from_order(
    session: Session, order_id: int, options: InvoiceOptions | None = None, today: date | None = None
) -> InvoiceDraft:
    options = options or InvoiceOptions()
    order = session.get(Document, order_id)
    if order is None:
        raise ValidationError("A rendelés nem található (talán közben törölték).")
    if order.kind != DocumentKind.CUSTOMER_ORDER:
        raise ValidationError(f"A(z) {order.number} nem vevői rendelés, nem számlázható ebből a menüből.")
    issue = today or budapest_today()
    lines = draft_lines(session, order)
    voucher = voucher_total(order)
    rate = options.exchange_rate if order.currency != HUF else Decimal(1)
    amounts = price_lines(
        [
            PricedLine(ln.vat_code, ln.vat_percent, ln.quantity, ln.unit_price, ln.price_is_gross)
            for ln in lines
        ],
        order.currency,
    )
    method = order.payment_method
    draft = InvoiceDraft(
        order_id=order.id,
        order_number=order.number,
        buyer=order,
        status=buyer_status(order, not_vat_subject=options.not_vat_subject),
        issue_date=issue,
        # teljesítés: the date the user gives, else the order's delivery date, else today
        fulfilment_date=options.fulfilment_date or order.fulfilment_date or issue,
        due_date=_due(issue, method.due_days if method else 0),
        currency=order.currency,
        exchange_rate=rate or Decimal(1),
        payment_method=method.name if method else "",
        lines=lines,
        amounts=amounts,
        voucher_paid=voucher,
    )
    draft.problems = check_draft(session, draft, order, options)
    return draft


def voucher_total(order: Document) -> Decimal:
    """What the buyer paid with vouchers (the voucher lines are negative on the order)."""
    return -sum((ln.gross_amount for ln in order.lines if ln.role == VOUCHER), Decimal(0))


def _due(issue: date, days: int) -> date:
    from datetime import timedelta

    return issue + timedelta(days=days)


def check_draft(
    session: Session, draft: InvoiceDraft, order: Document, options: InvoiceOptions
) -> list[Problem]:
    """Every reason the invoice cannot be issued as it is (empty: it can)."""
    problems: list[Problem] = []
    if order.status == DocumentStatus.CANCELLED:
        problems.append(Problem(f"A(z) {order.number} rendelést lemondták, nem számlázható."))
    elif order.status != DocumentStatus.OPEN:
        problems.append(Problem(f"A(z) {order.number} rendelésből már készült számla."))
    company = session.scalar(select(Company)) or Company()
    problems += company_problems(company)
    problems += vat_status_problems(session, company, draft.lines)
    status = draft.status
    if status.problem:
        problems.append(Problem(status.problem, CONFIRM_NOT_VAT_SUBJECT if status.needs_confirmation else ""))
    missing = address_problem(order)
    if missing:
        problems.append(Problem(missing))
    at_nav = nav_taxpayer_problem(session, order.customer_tax_number)
    if at_nav:
        problems.append(Problem(at_nav))
    if order.currency != HUF and (options.exchange_rate is None or options.exchange_rate <= 0):
        problems.append(
            Problem(
                f"A(z) {order.number} rendelés {order.currency} pénznemű: erősítse meg az árfolyamot "
                "(MNB vagy a bank árfolyama a teljesítés napján, Áfa tv. 80. §).",
                NEEDS_RATE,
            )
        )
    if draft.fulfilment_date > draft.issue_date and not options.late_fulfilment_confirmed:
        problems.append(
            Problem(
                f"A teljesítés dátuma ({format_date(draft.fulfilment_date)}) későbbi a számla kelténél "
                f"({format_date(draft.issue_date)}). Biztosan így van? Erősítse meg.",
                CONFIRM_LATE_FULFILMENT,
            )
        )
    if draft.net_total < 0:
        problems.append(
            Problem(
                "A számla végösszege negatív lenne. Visszáru vagy árengedmény helyesbítő számlával "
                "(vagy sztornóval) számolható el, negatív számlával nem."
            )
        )
    if any(ln.vat_code == "KBAET" for ln in draft.lines) and (
        not order.customer_eu_tax_number or (order.billing_country or "HU").upper() == "HU"
    ):
        problems.append(
            Problem(
                "Közösségen belüli adómentes értékesítéshez (KBAET) a vevő másik tagállambeli közösségi "
                "adószáma kell."
            )
        )
    return problems


def nav_taxpayer_problem(session: Session, tax_number: str) -> str | None:
    """What NAV said of the buyer's tax number (queryTaxpayer, cached), when it said "not valid"."""
    if not tax_number.strip() or tax_number_problem(tax_number):
        return None
    base = "".join(ch for ch in tax_number if ch.isdigit())[:8]
    known = session.get(NavTaxpayer, base)
    if known is None or known.valid:
        return None
    return (
        f"A NAV szerint a(z) {tax_number} adószám nem érvényes (lekérdezve: "
        f"{format_date(known.checked_at.date())}). Javítsa a vevő adószámát a rendelésen és a vevőnél."
    )


def company_problems(company: Company) -> list[Problem]:
    out = []
    missing = [
        label
        for label, value in (
            ("név", company.name),
            ("adószám", company.tax_number),
            ("irányítószám", company.postal_code),
            ("település", company.city),
            ("utca", company.street),
        )
        if not (value or "").strip()
    ]
    if missing:
        out.append(
            Problem(f"A saját cégadatok hiányosak ({', '.join(missing)}): Törzsadatok › Saját cégadatok.")
        )
    wrong = tax_number_problem(company.tax_number or "")
    if wrong:
        out.append(Problem(f"Saját cégadatok: {wrong}"))
    return out


class _RatedLine(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def vat_code(self) -> str: ...

    @property
    def vat_percent(self) -> Decimal: ...


def vat_status_problems(session: Session, company: Company, lines: Sequence[_RatedLine]) -> list[Problem]:
    """An alanyi adómentes seller invoices AAM only; a VAT-registered one never AAM."""
    exempt_seller = (company.vat_status or "normal") == STATUS_AAM
    kinds = {r.code: r.kind for r in session.scalars(select(VatRate))}
    out = []
    for line in lines:
        if exempt_seller and line.vat_code != "AAM":
            out.append(
                Problem(
                    f"„{line.name}”: alanyi adómentes eladó csak AAM kóddal számlázhat, itt "
                    f"{line.vat_code} áll. Javítsa a termék ÁFA-kulcsát, vagy a Saját cégadatokban "
                    "az ÁFA-státuszt."
                )
            )
        elif not exempt_seller and line.vat_code == "AAM":
            out.append(
                Problem(
                    f"„{line.name}”: AAM (alanyi adómentes) kódot csak alanyi adómentes eladó használhat. "
                    "Javítsa a termék ÁFA-kulcsát (pl. 27%, 5% vagy TAM), vagy a Saját cégadatokban az "
                    "ÁFA-státuszt."
                )
            )
        elif kinds.get(line.vat_code) == VatKind.NORMAL and line.vat_percent <= 0:
            out.append(Problem(f"„{line.name}”: 0%-os ÁFA-kulcs nincs, adjon meg mentességi kódot."))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class PreviewLine:
    name: str
    quantity: Decimal
    unit: str
    vat_code: str
    unit_net: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal
    split: bool  # a discount or cost shared out over the VAT rates (shown apart)


@dataclass(frozen=True)
class InvoicePreview:
    """A draft as plain values, for a screen on another thread than the session's."""

    order_id: int
    order_number: str
    buyer_name: str
    buyer_address: str
    buyer_tax_number: str
    buyer_status: str  # Hungarian words
    issue_date: date
    fulfilment_date: date
    due_date: date
    payment_method: str
    currency: str
    exchange_rate: Decimal
    order_rate: Decimal  # the rate the order came with (a foreign one is offered for confirmation)
    lines: tuple[PreviewLine, ...]
    vat_rows: tuple[VatSummaryRow, ...]
    net_total: Decimal
    gross_total: Decimal
    problems: tuple[Problem, ...]

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def needs(self) -> set[str]:
        return {p.resolves_by for p in self.problems if p.resolves_by}


def preview_of(draft: InvoiceDraft) -> InvoicePreview:
    order = draft.buyer
    address = f"{order.billing_postal_code} {order.billing_city}, {order.billing_street}".strip(" ,")
    return InvoicePreview(
        order_id=draft.order_id,
        order_number=draft.order_number,
        buyer_name=order.customer_name,
        buyer_address=address
        if (order.billing_country or "HU") == "HU"
        else f"{address}, {order.billing_country}",
        buyer_tax_number=order.customer_tax_number or order.customer_eu_tax_number,
        buyer_status=_STATUS_WORDS.get(draft.status.status, "nincs eldöntve"),
        issue_date=draft.issue_date,
        fulfilment_date=draft.fulfilment_date,
        due_date=draft.due_date,
        payment_method=draft.payment_method,
        currency=draft.currency,
        exchange_rate=draft.exchange_rate,
        order_rate=order.exchange_rate,
        lines=tuple(
            PreviewLine(
                ln.name,
                ln.quantity,
                ln.unit,
                ln.vat_code,
                (a.net / ln.quantity).quantize(Decimal("0.01")),
                a.net,
                a.vat,
                a.gross,
                ln.split,
            )
            for ln, a in zip(draft.lines, draft.amounts, strict=True)
        ),
        vat_rows=tuple(draft.vat_rows),
        net_total=draft.net_total,
        gross_total=draft.gross_total,
        problems=tuple(draft.problems),
    )
