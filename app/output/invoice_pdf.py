"""The invoice as an A4 PDF (reportlab), made from its snapshot; DejaVu Sans embedded for ő and ű.

What Áfa tv. 169. § asks is on it: both parties with tax numbers, kelt and teljesítés, the unit
price without VAT, the VAT rate or the exemption with its legal ground, the VAT per rate (and in
forints for a foreign currency, with the rate's source and date), "Pénzforgalmi elszámolás" where it
applies. The first print is the original; every later print of the same snapshot says "Másolat".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.formatting import format_date, format_decimal, format_money, format_quantity
from app.invoice_data.legal_texts import AAM_SELLER_TEXT, CASH_ACCOUNTING_TEXT, STATUS_AAM, STATUS_CASH
from app.invoice_data.snapshot import InvoiceSnapshot, Party
from app.money import HUF
from app.output.pdf_fonts import BOLD, FONT
from app.output.pdf_fonts import esc as _esc
from app.output.pdf_fonts import register_fonts as _register_fonts

GREY = colors.HexColor("#555555")
LINE = colors.HexColor("#999999")
RED = colors.HexColor("#b00020")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=11)
    right = {"alignment": TA_RIGHT}
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21),
        "number": ParagraphStyle("number", parent=base, fontName=BOLD, fontSize=11, leading=14, **right),
        "copy": ParagraphStyle("copy", parent=base, fontName=BOLD, fontSize=9, textColor=RED, **right),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, fontSize=8, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=7.5, leading=9.5, **right),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7, leading=8.5),
        "head_right": ParagraphStyle(
            "head_right", parent=base, fontName=BOLD, fontSize=7, leading=8.5, **right
        ),
        "total": ParagraphStyle("total", parent=base, fontName=BOLD, fontSize=11, leading=14, **right),
    }


def _money(value: Decimal, currency: str) -> str:
    return f"{format_money(value, currency)} {'Ft' if currency == HUF else currency}"


def _title(snap: InvoiceSnapshot) -> str:
    title = snap.title
    if snap.is_test:
        title = f"TESZT – nem érvényes {title.lower()}"
    return title


def render_invoice_pdf(snap: InvoiceSnapshot, *, copy: bool = False) -> bytes:
    """The invoice; ``copy`` marks a later print ("Másolat") of an invoice already issued."""
    _register_fonts()
    st = _styles()
    out = io.BytesIO()
    title = _title(snap)
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {snap.number}",
        author=snap.seller.name,
    )
    mark = "Másolat" if copy else "Eredeti példány"
    header = Table(
        [
            [Paragraph(_esc(title), st["title"]), Paragraph(f"Sorszám: {_esc(snap.number)}", st["number"])],
            ["", Paragraph(mark, st["copy"] if copy else st["small"])],
        ],
        colWidths=[100 * mm, 82 * mm],
    )
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    story: list[Flowable] = [header]
    if snap.is_correction:
        story.append(
            Paragraph(
                f"A(z) <b>{_esc(snap.original_number or '')}</b> sorszámú, "
                f"{format_date(snap.original_issue_date)} keltű számla "
                + ("érvénytelenítése." if snap.kind == "storno" else "módosítása (módosító okirat).")
                + f" Módosítás sorszáma: {snap.modification_index}.",
                st["base"],
            )
        )
    story += [Spacer(1, 3 * mm), _parties(snap, st), Spacer(1, 3 * mm), _dates(snap, st)]
    if snap.header_note:
        story += [Spacer(1, 2 * mm), Paragraph(_esc(snap.header_note), st["base"])]
    story += [Spacer(1, 4 * mm), _lines(snap, st), Spacer(1, 4 * mm)]
    # The per-rate summary, the totals and the legal texts stay on one page.
    closing: list[Flowable] = [_summary(snap, st), Spacer(1, 3 * mm), _totals(snap, st)]
    if snap.currency != HUF:
        closing += [Spacer(1, 2 * mm), Paragraph(_huf_vat_text(snap), st["base"])]
    texts = list(snap.texts)
    if texts:
        closing += [Spacer(1, 3 * mm)] + [Paragraph(_esc(t), st["base"]) for t in texts]
    story.append(KeepTogether(closing))
    pdf.build(story, onFirstPage=_footer(snap), onLaterPages=_footer(snap), canvasmaker=_NumberedCanvas)
    return out.getvalue()


def _huf_vat_text(snap: InvoiceSnapshot) -> str:
    source = f", {snap.exchange_rate_source}" if snap.exchange_rate_source else ""
    day = f", {format_date(snap.exchange_rate_date)}" if snap.exchange_rate_date else ""
    return (
        f"Az áthárított ÁFA forintban: <b>{_money(snap.vat_total_huf, HUF)}</b> "
        f"(árfolyam: 1 {snap.currency} = {format_decimal(snap.exchange_rate.normalize())} Ft{source}{day})."
    )


def _party_lines(party: Party, *, seller: bool) -> list[str]:
    lines = [f"<b>{_esc(party.name)}</b>", _esc(party.address)]
    if party.tax_number:
        lines.append(f"Adószám: {_esc(party.tax_number)}")
    if party.eu_tax_number:
        lines.append(f"Közösségi adószám: {_esc(party.eu_tax_number)}")
    if seller and party.bank_account:
        lines.append(f"Bankszámla: {_esc(party.bank_account)}")
    if seller and party.vat_status == STATUS_AAM:
        lines.append(_esc(AAM_SELLER_TEXT))
    if seller and party.vat_status == STATUS_CASH:
        lines.append(f"<b>{CASH_ACCOUNTING_TEXT}</b>")
    if party.email:
        lines.append(_esc(party.email))
    return lines


def _parties(snap: InvoiceSnapshot, st: dict[str, ParagraphStyle]) -> Table:
    rows = [
        [Paragraph("Eladó", st["label"]), Paragraph("Vevő", st["label"])],
        [
            Paragraph("<br/>".join(_party_lines(snap.seller, seller=True)), st["base"]),
            Paragraph("<br/>".join(_party_lines(snap.buyer, seller=False)), st["base"]),
        ],
    ]
    table = Table(rows, colWidths=[91 * mm, 91 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 1), (0, 1), 0.5, LINE),
                ("BOX", (1, 1), (1, 1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 1), (-1, 1), 5),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return table


def _dates(snap: InvoiceSnapshot, st: dict[str, ParagraphStyle]) -> Table:
    labels = ["Számla kelte", "Teljesítés dátuma", "Fizetési határidő", "Fizetési mód", "Pénznem"]
    values = [
        format_date(snap.issue_date),
        format_date(snap.fulfilment_date),
        format_date(snap.due_date),
        snap.payment_method or "–",
        snap.currency,
    ]
    table = Table(
        [[Paragraph(x, st["label"]) for x in labels], [Paragraph(_esc(v), st["base"]) for v in values]],
        colWidths=[36.4 * mm] * 5,
    )
    table.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 0.5, LINE), ("LINEBELOW", (0, 0), (-1, 0), 0.25, LINE)])
    )
    return table


def _price(value: Decimal | None, currency: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, 2 if currency != HUF or value != value.to_integral_value() else 0)


def _lines(snap: InvoiceSnapshot, st: dict[str, ParagraphStyle]) -> Table:
    cur = snap.currency
    heads = [
        "#",
        "Megnevezés",
        "Menny.",
        "Egység",
        "Nettó egységár",
        "Bruttó egységár",
        "ÁFA",
        "Nettó",
        "ÁFA összeg",
        "Bruttó",
    ]
    right = {0, 2, 4, 5, 7, 8, 9}
    rows: list[list[Paragraph]] = [
        [Paragraph(h, st["head_right" if i in right else "head"]) for i, h in enumerate(heads)]
    ]
    for line in snap.lines:
        # Our own codes of service lines (shipping, discounts) mean nothing to the buyer.
        name = line.name + (f" ({line.product_code})" if line.product_code and line.role == "goods" else "")
        values = [
            str(line.number),
            _esc(name),
            format_quantity(line.quantity),
            _esc(line.unit),
            _price(line.unit_price_net, cur),
            _price(line.unit_price_gross, cur),
            line.vat_code,
            format_money(line.net, cur),
            format_money(line.vat, cur),
            format_money(line.gross, cur),
        ]
        rows.append([Paragraph(v, st["cell_right" if i in right else "cell"]) for i, v in enumerate(values)])
    widths = [7, 50, 12, 12, 20, 19, 12, 17, 16, 17]
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _summary(snap: InvoiceSnapshot, st: dict[str, ParagraphStyle]) -> Table:
    cur = snap.currency
    heads = ["ÁFA-kulcs", "Nettó", "ÁFA", "Bruttó"] + (["ÁFA (Ft)"] if cur != HUF else [])
    rows = [[Paragraph(h, st["head_right" if i else "head"]) for i, h in enumerate(heads)]]
    for row in snap.vat_rows:
        values = [
            row.code,
            format_money(row.net, cur),
            format_money(row.vat, cur),
            format_money(row.gross, cur),
        ]
        if cur != HUF:
            values.append(format_money(row.vat_huf, HUF))
        rows.append([Paragraph(v, st["cell_right" if i else "cell"]) for i, v in enumerate(values)])
    table = Table(rows, colWidths=[25 * mm] + [25 * mm] * (len(heads) - 1), hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black), ("LINEBELOW", (0, -1), (-1, -1), 0.25, LINE)]
        )
    )
    return table


def _totals(snap: InvoiceSnapshot, st: dict[str, ParagraphStyle]) -> Table:
    cur = snap.currency
    rows = [
        ["Nettó összesen:", _money(snap.net_total, cur)],
        ["ÁFA összesen:", _money(snap.vat_total, cur)],
        ["Bruttó összesen:", _money(snap.gross_total, cur)],
    ]
    if snap.rounding:
        rows.append(["Kerekítés (készpénz):", _money(snap.rounding, cur)])
    body = [[Paragraph(a, st["cell_right"]), Paragraph(b, st["cell_right"])] for a, b in rows]
    body.append([Paragraph("Fizetendő:", st["total"]), Paragraph(_money(snap.payable, cur), st["total"])])
    table = Table(body, colWidths=[45 * mm, 40 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.75, colors.black)]))
    return table


class _NumberedCanvas(Canvas):
    """Draws "x/y. oldal" on every page: the page count is known only when the document is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, 7)
            self.setFillColor(GREY)
            self.drawRightString(A4[0] - 14 * mm, 10 * mm, f"{self._pageNumber}/{total}. oldal")
            self.restoreState()
            super().showPage()
        super().save()


def _footer(snap: InvoiceSnapshot) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(14 * mm, 10 * mm, f"{snap.seller.name} – {snap.number}")
        canvas.restoreState()

    return draw
