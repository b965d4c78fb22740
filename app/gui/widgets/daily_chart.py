"""A small chart of the last 30 days: orders per day as bars, their value as a line.

Drawn with QPainter (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.formatting import format_money
from app.services.start_page import Day

BAR = QColor("#4a7ab5")
LINE = QColor("#c0392b")
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 36, 90, 24, 22


NO_ORDERS = "Nem érkezett rendelés az elmúlt {days} napban."


def scale_tops(days: Sequence[Day]) -> tuple[str, str] | None:
    """The labels at the top of the two scales – the busiest day's orders, the richest day's value –
    or None when no day had an order: scales of "1" and "1 Ft" over an empty month read as data."""
    if not any(d.orders for d in days):
        return None
    return str(max(d.orders for d in days)), f"{format_money(max(d.gross for d in days))} Ft"


class DailyChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[Day] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(640, 220)

    def set_days(self, days: Sequence[Day]) -> None:
        self.days = list(days)
        total = sum(d.orders for d in self.days)
        value = sum((d.gross for d in self.days), Decimal(0))
        self.setToolTip(
            f"Az elmúlt {len(self.days)} nap: {total} rendelés, {format_money(value)} Ft" if self.days else ""
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(1, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
            max(1, self.height() - MARGIN_TOP - MARGIN_BOTTOM),
        )
        text = self.palette().windowText().color()
        painter.setPen(QPen(text))
        painter.drawText(QPointF(MARGIN_LEFT, 14), f"Rendelések naponta (elmúlt {len(self.days) or 30} nap)")
        # The legend: what the bars and the line are.
        legend_x = area.right() - 300
        painter.fillRect(QRectF(legend_x, 5, 12, 10), BAR)
        painter.drawText(QPointF(legend_x + 16, 14), "rendelések száma")
        painter.setPen(QPen(LINE, 2))
        painter.drawLine(QPointF(legend_x + 140, 10), QPointF(legend_x + 156, 10))
        painter.setPen(QPen(text))
        painter.drawText(QPointF(legend_x + 160, 14), "bruttó értékük (Ft)")
        painter.setPen(QPen(text.lighter(180) if text.lightness() < 128 else text.darker(180)))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self.days:
            return
        tops = scale_tops(self.days)
        if tops is None:
            painter.setPen(QPen(text))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, NO_ORDERS.format(days=len(self.days)))
            return
        most = max(d.orders for d in self.days)
        richest = max(d.gross for d in self.days) or Decimal(1)  # orders of 0 Ft: the line on the floor
        step = area.width() / len(self.days)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAR)
        points = []
        for i, day in enumerate(self.days):
            height = area.height() * day.orders / most
            x = area.left() + i * step
            if day.orders:
                painter.drawRect(QRectF(x + step * 0.15, area.bottom() - height, step * 0.7, height))
            points.append(QPointF(x + step / 2, area.bottom() - area.height() * float(day.gross / richest)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(LINE, 2))
        painter.drawPolyline(QPolygonF(points))
        orders_top, value_top = tops
        painter.setPen(QPen(text))
        painter.drawText(QPointF(4, area.top() + 10), orders_top)
        painter.drawText(QPointF(4, area.bottom()), "0")
        painter.setPen(QPen(LINE))
        painter.drawText(QPointF(area.right() + 6, area.top() + 10), value_top)
        painter.setPen(QPen(text))
        first, last = self.days[0].day, self.days[-1].day
        painter.drawText(QPointF(area.left(), self.height() - 6), f"{first:%m.%d.}")
        painter.drawText(QPointF(area.right() - 40, self.height() - 6), f"{last:%m.%d.}")
