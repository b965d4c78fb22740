"""The invoice as an A4 PDF (reportlab), with DejaVu Sans embedded so ő and ű print correctly."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app import paths
from app.db.company import Company
from app.db.documents import Document
from app.formatting import format_date, format_decimal, format_money, format_quantity
from app.invoice_data.figures import is_test_invoice, payable, to_huf, vat_rows
from app.money import HUF

FONT_DIR = paths.resources_dir() / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
GREY = colors.HexColor("#555555")
LINE = colors.HexColor("#999999")


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=11)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=18, leading=22),
        "number": ParagraphStyle(
            "number", parent=base, fontName=BOLD, fontSize=11, leading=14, alignment=TA_RIGHT
        ),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, fontSize=8, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7.5, leading=9),
        "head_right": ParagraphStyle(
            "head_right", parent=base, fontName=BOLD, fontSize=7.5, leading=9, alignment=TA_RIGHT
        ),
        "total": ParagraphStyle(
            "total", parent=base, fontName=BOLD, fontSize=11, leading=14, alignment=TA_RIGHT
        ),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _money(value: Decimal, currency: str) -> str:
    return f"{format_money(value, currency)} {'Ft' if currency == HUF else currency}"


def _vat_label(code: str) -> str:
    return code  # "27%", "5%", "AAM", "TAM" … as on Hungarian invoices


def render_invoice_pdf(doc: Document, company: Company) -> bytes:
    _register_fonts()
    st = _styles()
    out = io.BytesIO()
    storno = doc.storno_of_id is not None
    title = "Sztornó számla" if storno else "Számla"
    if is_test_invoice(doc):
        title = f"TESZT – nem érvényes {title.lower()}"
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {doc.number}",
        author=company.name,
    )
    story: list[Flowable] = []
    header = Table(
        [[Paragraph(title, st["title"]), Paragraph(f"Sorszám: {_esc(doc.number)}", st["number"])]],
        colWidths=[90 * mm, 90 * mm],
    )
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    story += [header, Spacer(1, 4 * mm), _parties(doc, company, st), Spacer(1, 3 * mm), _dates(doc, st)]
    if doc.header_note:
        story += [Spacer(1, 2 * mm), Paragraph(_esc(doc.header_note), st["base"])]
    story += [Spacer(1, 4 * mm), _lines(doc, st), Spacer(1, 4 * mm), _summary(doc, st)]
    story += [Spacer(1, 3 * mm), _totals(doc, st)]
    if doc.currency != HUF:
        story += [
            Spacer(1, 2 * mm),
            Paragraph(
                f"Az áthárított ÁFA forintban: {_money(to_huf(doc.vat_total, doc), HUF)} "
                f"(árfolyam: 1 {doc.currency} = {format_decimal(doc.exchange_rate.normalize())} Ft).",
                st["base"],
            ),
        ]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            "A számla adatait a NAV Online Számla rendszerébe jelenteni kell.",
            st["small"],
        ),
    ]
    pdf.build(story, onFirstPage=_footer(doc, company), onLaterPages=_footer(doc, company))
    return out.getvalue()


def _parties(doc: Document, company: Company, st: dict[str, ParagraphStyle]) -> Table:
    seller = [f"<b>{_esc(company.name)}</b>", _esc(f"{company.postal_code} {company.city}, {company.street}")]
    if company.tax_number:
        seller.append(f"Adószám: {_esc(company.tax_number)}")
    if company.eu_tax_number:
        seller.append(f"Közösségi adószám: {_esc(company.eu_tax_number)}")
    if company.bank_account:
        seller.append(f"Bankszámla: {_esc(company.bank_account)}")
    if company.email:
        seller.append(_esc(company.email))
    buyer = [
        f"<b>{_esc(doc.customer_name)}</b>",
        _esc(f"{doc.billing_postal_code} {doc.billing_city}, {doc.billing_street}".strip(" ,")),
    ]
    if doc.billing_country and doc.billing_country != "HU":
        buyer.append(_esc(doc.billing_country))
    if doc.customer_tax_number:
        buyer.append(f"Adószám: {_esc(doc.customer_tax_number)}")
    if doc.customer_eu_tax_number:
        buyer.append(f"Közösségi adószám: {_esc(doc.customer_eu_tax_number)}")
    rows = [
        [Paragraph("Eladó", st["label"]), Paragraph("Vevő", st["label"])],
        [Paragraph("<br/>".join(seller), st["base"]), Paragraph("<br/>".join(buyer), st["base"])],
    ]
    table = Table(rows, colWidths=[90 * mm, 90 * mm])
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


def _dates(doc: Document, st: dict[str, ParagraphStyle]) -> Table:
    method = doc.payment_method.name if doc.payment_method else "–"
    labels = ["Számla kelte", "Teljesítés dátuma", "Fizetési határidő", "Fizetési mód", "Pénznem"]
    values = [
        format_date(doc.issue_date),
        format_date(doc.fulfilment_date or doc.issue_date),
        format_date(doc.due_date or doc.issue_date),
        method,
        doc.currency,
    ]
    table = Table(
        [[Paragraph(x, st["label"]) for x in labels], [Paragraph(_esc(v), st["base"]) for v in values]],
        colWidths=[36 * mm] * 5,
    )
    table.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 0.5, LINE), ("LINEBELOW", (0, 0), (-1, 0), 0.25, LINE)])
    )
    return table


def _lines(doc: Document, st: dict[str, ParagraphStyle]) -> Table:
    cur = doc.currency
    heads = ["#", "Megnevezés", "Menny.", "Egység", "Egységár", "ÁFA", "Nettó", "ÁFA összeg", "Bruttó"]
    right = {0, 2, 4, 6, 7, 8}
    rows: list[list[Paragraph]] = [
        [Paragraph(h, st["head_right" if i in right else "head"]) for i, h in enumerate(heads)]
    ]
    for line in doc.lines:
        name = line.name + (f" ({line.product_code})" if line.product_code else "")
        values = [
            str(line.position),
            _esc(name),
            format_quantity(line.quantity),
            _esc(line.unit),
            format_decimal(line.unit_price, 0 if cur == HUF else 2)
            + (" (br.)" if line.price_is_gross else ""),
            _vat_label(line.vat_code),
            format_money(line.net_amount, cur),
            format_money(line.vat_amount, cur),
            format_money(line.gross_amount, cur),
        ]
        rows.append([Paragraph(v, st["cell_right" if i in right else "cell"]) for i, v in enumerate(values)])
    widths = [7, 55, 13, 15, 21, 12, 19, 18, 20]
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


def _summary(doc: Document, st: dict[str, ParagraphStyle]) -> Table:
    cur = doc.currency
    heads = ["ÁFA-kulcs", "Nettó", "ÁFA", "Bruttó"] + (["ÁFA (Ft)"] if cur != HUF else [])
    rows = [[Paragraph(h, st["head_right" if i else "head"]) for i, h in enumerate(heads)]]
    for row in vat_rows(doc):
        values = [
            _vat_label(row.vat_code),
            format_money(row.net, cur),
            format_money(row.vat, cur),
            format_money(row.gross, cur),
        ]
        if cur != HUF:
            values.append(format_money(to_huf(row.vat, doc), HUF))
        rows.append([Paragraph(v, st["cell_right" if i else "cell"]) for i, v in enumerate(values)])
    table = Table(rows, colWidths=[25 * mm] + [25 * mm] * (len(heads) - 1), hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black), ("LINEBELOW", (0, -1), (-1, -1), 0.25, LINE)]
        )
    )
    return table


def _totals(doc: Document, st: dict[str, ParagraphStyle]) -> Table:
    cur = doc.currency
    rows = [
        ["Nettó összesen:", _money(doc.net_total, cur)],
        ["ÁFA összesen:", _money(doc.vat_total, cur)],
        ["Bruttó összesen:", _money(doc.gross_total, cur)],
    ]
    if doc.rounding:
        rows.append(["Kerekítés (készpénz):", _money(doc.rounding, cur)])
    body = [[Paragraph(a, st["cell_right"]), Paragraph(b, st["cell_right"])] for a, b in rows]
    body.append([Paragraph("Fizetendő:", st["total"]), Paragraph(_money(payable(doc), cur), st["total"])])
    table = Table(body, colWidths=[45 * mm, 40 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.75, colors.black)]))
    return table


def _footer(doc: Document, company: Company):
    def draw(canvas, pdf) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(15 * mm, 10 * mm, f"{company.name} – {doc.number}")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"{pdf.page}. oldal")
        canvas.restoreState()

    return draw
