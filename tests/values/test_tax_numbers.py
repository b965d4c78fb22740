"""Hungarian tax numbers and EU VAT numbers: the check digit, the VAT code, the county."""

from __future__ import annotations

import pytest

from app.values.tax_numbers import (
    TaxNumberError,
    check_digit,
    hungarian_base_of,
    parse_eu_vat,
    parse_hungarian,
)


@pytest.mark.parametrize(
    "text", ["12345676-2-41", "10773381-2-44", "12345676241", " 12345676 ", "12345676-1-02"]
)
def test_valid_numbers(text: str) -> None:
    assert parse_hungarian(text).base in ("12345676", "10773381")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("12345678-2-41", "ellenőrző számjegye"),  # the check digit of 1234567 is 6
        ("1234567-2-41", "formátuma"),
        ("12345676-6-41", "ÁFA-kódja"),
        ("12345676-2-99", "megyekódja"),
        ("12345676-2-21", "megyekódja"),  # 21 is no county
        ("abc", "formátuma"),
    ],
)
def test_wrong_numbers_say_why_in_hungarian(text: str, why: str) -> None:
    with pytest.raises(TaxNumberError, match=why):
        parse_hungarian(text)


def test_the_check_digit_weights() -> None:
    # 1·9 + 2·7 + 3·3 + 4·1 + 5·9 + 6·7 + 7·3 = 144 → 10 − 4 = 6
    assert check_digit("1234567") == 6
    assert check_digit("8765432") == 3


def test_eu_vat_numbers() -> None:
    assert str(parse_eu_vat("hu 12345676")) == "HU12345676"
    assert str(parse_eu_vat("DE123456789")) == "DE123456789"
    with pytest.raises(TaxNumberError, match="ellenőrző"):
        parse_eu_vat("HU12345678")
    with pytest.raises(TaxNumberError, match="formátuma"):
        parse_eu_vat("US123456789")


def test_the_hungarian_base_of_a_buyer() -> None:
    assert str(hungarian_base_of("12345676-2-41", "")) == "12345676-2-41"
    assert str(hungarian_base_of("", "HU12345676")) == "12345676"
    assert hungarian_base_of("", "DE123456789") is None
    assert hungarian_base_of("", "") is None
