"""Hungarian tax numbers (adószám) and EU VAT numbers, with their check digits.

A Hungarian tax number is ``12345678-1-23``: an 8-digit base number (törzsszám) whose last digit
is a check digit, a VAT code (1–5) and a county code. The check digit: the first seven digits are
weighted 9, 7, 3, 1, 9, 7, 3; the sum's last digit subtracted from 10 (0 stays 0) must equal the
eighth digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEIGHTS = (9, 7, 3, 1, 9, 7, 3)
# County codes of the competent tax authorities (NAV interface specification, 4.1).
COUNTY_CODES = frozenset([f"{n:02d}" for n in range(2, 21)] + [f"{n:02d}" for n in range(22, 45)] + ["51"])
_HU_TAX = re.compile(r"^(\d{8})(?:-?(\d)-?(\d{2}))?$")
_EU_VAT = re.compile(r"^([A-Z]{2})([0-9A-Z]{2,13})$")
EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split()
)


@dataclass(frozen=True)
class HungarianTaxNumber:
    base: str  # törzsszám, 8 digits
    vat_code: str | None = None  # 1–5
    county: str | None = None  # 2 digits

    def __str__(self) -> str:
        if self.vat_code and self.county:
            return f"{self.base}-{self.vat_code}-{self.county}"
        return self.base


class TaxNumberError(ValueError):
    """The text is not a valid tax number; the message is Hungarian and says why."""


def _compact(text: str) -> str:
    return re.sub(r"[\s.]", "", text or "")


def check_digit(first_seven: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def parse_hungarian(text: str) -> HungarianTaxNumber:
    """``12345676-2-41`` (or the 8-digit base alone, or written without dashes) → its parts."""
    raw = _compact(text)
    found = _HU_TAX.match(raw)
    if not found:
        raise TaxNumberError(
            f"Az adószám formátuma hibás: „{text.strip()}”. Helyesen: 12345678-1-23 (8 számjegy, "
            "kötőjel, 1 számjegy, kötőjel, 2 számjegy)."
        )
    base, vat_code, county = found.groups()
    if check_digit(base[:7]) != int(base[7]):
        raise TaxNumberError(
            f"Az adószám ellenőrző számjegye hibás: „{text.strip()}” (a törzsszám 8. jegye nem "
            "egyezik). Valószínűleg elírás; ellenőrizze az adószámot."
        )
    if vat_code is not None and vat_code not in "12345":
        raise TaxNumberError(f"Az adószám ÁFA-kódja (a 9. jegy) csak 1–5 lehet: „{text.strip()}”.")
    if county is not None and county not in COUNTY_CODES:
        raise TaxNumberError(f"Az adószám megyekódja (az utolsó két jegy) nem létezik: „{text.strip()}”.")
    return HungarianTaxNumber(base, vat_code, county)


@dataclass(frozen=True)
class EuVatNumber:
    country: str
    number: str

    def __str__(self) -> str:
        return f"{self.country}{self.number}"


def parse_eu_vat(text: str) -> EuVatNumber:
    """``HU12345676`` / ``DE123456789`` → country and number; a Hungarian one is checked too."""
    raw = _compact(text).upper().replace("-", "")
    found = _EU_VAT.match(raw)
    if not found or found.group(1) not in EU_COUNTRIES:
        raise TaxNumberError(
            f"A közösségi adószám formátuma hibás: „{text.strip()}”. Helyesen: országkód és szám, "
            "pl. HU12345678 vagy DE123456789."
        )
    country, number = found.groups()
    if country == "HU":
        if not re.fullmatch(r"\d{8}", number):
            raise TaxNumberError(
                f"A magyar közösségi adószám HU és 8 számjegy: „{text.strip()}” (pl. HU12345678)."
            )
        parse_hungarian(number)  # the same check digit as the tax number's base
    return EuVatNumber(country, number)


def hungarian_base_of(tax_number: str, eu_vat_number: str) -> HungarianTaxNumber | None:
    """The buyer's Hungarian tax number: the full one when given, else the base of a HU EU number."""
    if tax_number.strip():
        return parse_hungarian(tax_number)
    if eu_vat_number.strip():
        eu = parse_eu_vat(eu_vat_number)
        if eu.country == "HU":
            return HungarianTaxNumber(eu.number)
    return None


def problem(tax_number: str) -> str | None:
    """The Hungarian message for a wrong tax number (None when it is right or empty)."""
    if not tax_number.strip():
        return None
    try:
        parse_hungarian(tax_number)
    except TaxNumberError as exc:
        return str(exc)
    return None


def eu_problem(eu_vat_number: str) -> str | None:
    if not eu_vat_number.strip():
        return None
    try:
        parse_eu_vat(eu_vat_number)
    except TaxNumberError as exc:
        return str(exc)
    return None
