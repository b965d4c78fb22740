"""Printing a list as shown (filter and order kept): an HTML table laid out by QTextDocument,
through Qt's print dialog (or straight to a given printer: a PDF file in the tests)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from app.formatting import format_date
from app.timeutil import to_local, utcnow


def list_html(model: QAbstractItemModel, title: str, note: str = "") -> str:
    heads = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    right = [
        model.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole) is not None if model.rowCount() else False
        for c in range(model.columnCount())
    ]
    rows = []
    for r in range(model.rowCount()):
        cells = []
        for c in range(model.columnCount()):
            text = escape(str(model.index(r, c).data() or ""))
            cells.append(f'<td align="right">{text}</td>' if right[c] else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    printed = format_date(to_local(utcnow()))
    return (
        "<html><body style='font-family: DejaVu Sans, sans-serif; font-size: 8pt'>"
        f"<h3>{escape(title)}</h3><p>{escape(note)} Nyomtatva: {printed}, {model.rowCount()} tétel</p>"
        "<table border='1' cellspacing='0' cellpadding='2' width='100%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def print_model(printer: QPrinter, model: QAbstractItemModel, title: str, note: str = "") -> None:
    # Wide lists read better across the page.
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    document = QTextDocument()
    document.setHtml(list_html(model, title, note))
    document.print_(printer)
