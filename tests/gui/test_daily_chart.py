"""The start page's chart: an empty month says so instead of drawing scales of "1" and "1 Ft"; a month
with orders draws its bars and value line, the scales topped by the busiest and the richest day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from PySide6.QtGui import QColor, QImage

from app.gui.widgets.daily_chart import BAR, LINE, MARGIN_TOP, DailyChart, scale_tops
from app.services.start_page import Day

START = date(2026, 11, 2)


def _month(orders: dict[int, tuple[int, str]]) -> list[Day]:
    days = []
    for i in range(30):
        count, gross = orders.get(i, (0, "0"))
        days.append(Day(START + timedelta(days=i), count, D(gross)))
    return days


def _painted(chart: DailyChart) -> QImage:
    chart.resize(640, 220)
    return chart.grab().toImage()


def _rows_of(image: QImage, colour: QColor) -> list[int]:
    """The rows below the title and legend (which show a sample of each colour) holding ``colour``."""
    return [
        y
        for y in range(MARGIN_TOP, image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).rgb() == colour.rgb()
    ]


def test_an_empty_month_says_so_and_draws_no_scale(qtbot) -> None:
    chart = DailyChart()
    qtbot.addWidget(chart)
    chart.set_days(_month({}))
    assert scale_tops(chart.days) is None
    image = _painted(chart)
    assert _rows_of(image, BAR) == [] and _rows_of(image, LINE) == []  # no bars, no line, no "1 Ft"
    background = image.pixelColor(5, 120).rgb()
    middle = {image.pixelColor(x, y).rgb() for x in range(150, 450) for y in range(90, 140)}
    assert middle - {background}, "the message is drawn in the middle"


def test_a_month_with_orders_draws_bars_and_its_scales(qtbot) -> None:
    chart = DailyChart()
    qtbot.addWidget(chart)
    chart.set_days(_month({3: (2, "25400"), 20: (5, "1270000")}))
    assert scale_tops(chart.days) == ("5", "1\u00a0270\u00a0000 Ft")
    image = _painted(chart)
    assert _rows_of(image, BAR) and _rows_of(image, LINE)


def test_orders_of_nothing_still_count_as_orders() -> None:
    assert scale_tops(_month({7: (1, "0")})) == ("1", "0 Ft")
