"""A basket-wide coupon and the shipping fee shared out over the goods' VAT rates (Áfa tv. 70. §)."""

from __future__ import annotations

from decimal import Decimal as D

from app.invoice_data.apportion import DraftLine, apportion


def _line(role: str, code: str, percent: str, price: str, qty: str = "1") -> DraftLine:
    return DraftLine(role, f"{role} {code}", D(qty), "db", D(price), True, code, D(percent))


def test_a_coupon_on_a_27_5_and_aam_basket_lowers_each_rates_base() -> None:
    basket = [
        _line("goods", "27%", "27", "10000"),
        _line("goods", "5%", "5", "6000"),
        _line("goods", "AAM", "0", "4000"),
        _line("discount", "27%", "27", "-2000"),
    ]
    out = apportion(basket, "HUF")
    discounts = {ln.vat_code: ln.unit_price for ln in out if ln.role == "discount"}
    assert discounts == {"27%": D(-1000), "5%": D(-600), "AAM": D(-400)}
    assert sum(ln.value for ln in out) == sum(ln.value for ln in basket), "the buyer's total stays"
    # The VAT the coupon takes back is now 27 % of its 27 % share only: 213 Ft, not 425 Ft.
    assert all(ln.split for ln in out if ln.role == "discount")


def test_shipping_follows_the_goods_unless_the_shop_keeps_its_rate() -> None:
    basket = [
        _line("goods", "27%", "27", "3000"),
        _line("goods", "5%", "5", "1000"),
        _line("shipping", "27%", "27", "999"),
    ]
    shared = {ln.vat_code: ln.unit_price for ln in apportion(basket, "HUF") if ln.role == "shipping"}
    assert shared == {"27%": D(749), "5%": D(250)}
    kept = [ln for ln in apportion(basket, "HUF", keep_incidental_rate=True) if ln.role == "shipping"]
    assert [(ln.vat_code, ln.unit_price) for ln in kept] == [("27%", D(999))]


def test_a_one_rate_basket_and_euro_cents() -> None:
    basket = [_line("goods", "27%", "27", "10"), _line("discount", "27%", "27", "-1")]
    assert apportion(basket, "HUF") == basket
    euro = [
        _line("goods", "27%", "27", "10.00"),
        _line("goods", "18%", "18", "5.00"),
        _line("handling", "27%", "27", "1.00"),
    ]
    split = {ln.vat_code: ln.unit_price for ln in apportion(euro, "EUR") if ln.role == "handling"}
    assert split == {"27%": D("0.67"), "18%": D("0.33")}
