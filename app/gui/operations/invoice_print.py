"""Printing an invoice through Qt's print dialog.

The invoice exists as its PDF (the one e-mailed and archived); PDFium (pypdfium2) draws its pages
at the printer's resolution and Qt prints them, so paper and PDF never differ and no second layout
of the invoice is kept. PySide6-Essentials has no PDF renderer of its own (QtPdf is in Addons).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 300  # enough for text; more only makes the job bigger


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Számla nyomtatása")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Every page of ``pdf`` on ``printer``, fitted to the printable area; returns the page count."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("a nyomtató nem indítható")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for number in range(len(document)):
            if number:
                printer.newPage()
            page = document[number]
            bitmap = page.render(scale=dpi / 72)
            image = bitmap.to_pil().convert("RGB")
            qimage = QImage(
                image.tobytes(), image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
            )
            area = painter.viewport()
            size = qimage.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), qimage)
        return len(document)
    finally:
        painter.end()
        document.close()
