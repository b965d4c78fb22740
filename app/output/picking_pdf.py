"""Szedőlista and szállítólevél as A4 PDFs (reportlab), made from the records of app.services.picking
(passed in as plain values: this module knows no database)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.formatting import format_date, format_quantity
from app.output.pdf_fonts import BOLD, FONT, esc, register_fonts

LINE = colors.HexColor("#999999")
GREY = colors.HexColor("#555555")


class PickRowLike(Protocol):
    warehouse: str
    location: str
    code: str
    name: str
    unit: str
    quantity: Decimal
    orders: list[str]


class DeliveryLineLike(Protocol):
    code: str
    name: str
    quantity: Decimal
    unit: str


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()  # before any Paragraph: it looks its font's family up when made
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "qty": ParagraphStyle("qty", parent=base, fontName=BOLD, fontSize=10, leading=12, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, fontSize=8, textColor=GREY),
    }


def _table(rows: list[list[Any]], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _pdf(story: list[Any], title: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        author="Bolthíd",
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.setFont(FONT, 7)
        canvas.setFillColor(GREY)
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, f"{title} – {document.page}. oldal")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def render_picking_list(
    made_on: date, orders: Sequence[tuple[str, str]], rows: Sequence[PickRowLike]
) -> bytes:
    st = _styles()
    story: list[Any] = [
        Paragraph("Szedőlista", st["title"]),
        Paragraph(f"Készült: {esc(format_date(made_on))} · {len(orders)} rendelés", st["base"]),
        Paragraph(
            esc(", ".join(f"{number} ({customer})" if customer else number for number, customer in orders)),
            st["small"],
        ),
        Spacer(1, 4 * mm),
    ]
    warehouses: list[str] = []
    for row in rows:
        if row.warehouse not in warehouses:
            warehouses.append(row.warehouse)
    for warehouse in warehouses:
        story.append(Paragraph(f"Raktár: {esc(warehouse)}", st["head"]))
        table = [
            [
                Paragraph("Kész", st["head"]),
                Paragraph("Tárolóhely", st["head"]),
                Paragraph("Termékkód", st["head"]),
                Paragraph("Megnevezés", st["head"]),
                Paragraph("Mennyiség", st["head"]),
                Paragraph("Rendelések", st["head"]),
            ]
        ]
        for row in rows:
            if row.warehouse != warehouse:
                continue
            table.append(
                [
                    Paragraph("☐", st["cell"]),
                    Paragraph(esc(row.location or "–"), st["cell"]),
                    Paragraph(esc(row.code), st["cell"]),
                    Paragraph(esc(row.name), st["cell"]),
                    Paragraph(f"{format_quantity(row.quantity)} {esc(row.unit)}", st["qty"]),
                    Paragraph(esc(", ".join(row.orders)), st["small"]),
                ]
            )
        story.append(_table(table, (11 * mm, 20 * mm, 33 * mm, 52 * mm, 20 * mm, 44 * mm)))
        story.append(Spacer(1, 5 * mm))
    return _pdf(story, "Szedőlista")


def _block(label: str, lines: Sequence[str], st: dict[str, ParagraphStyle]) -> list[Paragraph]:
    return [
        Paragraph(esc(label), st["label"]),
        Paragraph("<br/>".join(esc(line) for line in lines) or "–", st["base"]),
    ]


def render_delivery_note(
    *,
    number: str,
    made_on: date,
    order_number: str,
    shop_order: str,
    seller: Sequence[str],
    recipient: Sequence[str],
    buyer: Sequence[str],
    shipping_method: str,
    note: str,
    lines: Sequence[DeliveryLineLike],
) -> bytes:
    st = _styles()
    refs = f"Rendelés: {order_number}" + (f" · webáruház rendelés: {shop_order}" if shop_order else "")
    if shipping_method:
        refs += f" · szállítási mód: {shipping_method}"
    story: list[Any] = [
        Paragraph("Szállítólevél", st["title"]),
        Paragraph(f"Sorszám: {esc(number)} · kelt: {esc(format_date(made_on))}", st["base"]),
        Paragraph(esc(refs), st["small"]),
        Spacer(1, 4 * mm),
    ]
    parties = Table(
        [
            [
                _block("Szállító (eladó)", seller, st),
                _block("Címzett (szállítási cím)", recipient, st),
                _block("Vevő", buyer, st),
            ]
        ],
        colWidths=[60 * mm, 60 * mm, 60 * mm],
    )
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.4, LINE)]))
    story += [parties, Spacer(1, 5 * mm)]
    table = [
        [
            Paragraph("#", st["head"]),
            Paragraph("Termékkód", st["head"]),
            Paragraph("Megnevezés", st["head"]),
            Paragraph("Mennyiség", st["head"]),
        ]
    ]
    for position, line in enumerate(lines, start=1):
        table.append(
            [
                Paragraph(str(position), st["cell"]),
                Paragraph(esc(line.code), st["cell"]),
                Paragraph(esc(line.name), st["cell"]),
                Paragraph(f"{format_quantity(line.quantity)} {esc(line.unit)}", st["qty"]),
            ]
        )
    story.append(_table(table, (10 * mm, 35 * mm, 105 * mm, 30 * mm)))
    if note.strip():
        story += [Spacer(1, 4 * mm), Paragraph(f"Megjegyzés: {esc(note.strip())}", st["base"])]
    story += [
        Spacer(1, 18 * mm),
        Table(
            [["……………………………", "……………………………"], ["átadó", "átvevő (név, aláírás, dátum)"]],
            colWidths=[90 * mm, 90 * mm],
            style=TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("ALIGN", (0, 0), (-1, -1), "CENTER")]),
        ),
    ]
    return _pdf(story, f"Szállítólevél {number}")
