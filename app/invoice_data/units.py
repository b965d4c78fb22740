"""Our units (db, kg, l …) → NAV's unitOfMeasure values; OWN with our own word for the rest."""

from __future__ import annotations

_UNITS = {
    "PIECE": ("db", "darab", "db.", "pcs", "pc", "piece"),
    "KILOGRAM": ("kg", "kilogramm", "kilo"),
    "TON": ("t", "tonna", "ton"),
    "KWH": ("kwh",),
    "DAY": ("nap", "day"),
    "HOUR": ("óra", "ó", "h", "hour"),
    "MINUTE": ("perc", "min", "minute"),
    "MONTH": ("hó", "hónap", "month"),
    "LITER": ("l", "liter", "litre", "lit"),
    "KILOMETER": ("km", "kilométer"),
    "CUBIC_METER": ("m3", "m³", "köbméter"),
    "METER": ("m", "méter"),
    "LINEAR_METER": ("fm", "folyóméter"),
    "CARTON": ("karton", "krt"),
    "PACK": ("csomag", "cs", "csom", "pack"),
}
_BY_WORD = {word: nav for nav, words in _UNITS.items() for word in words}


def nav_unit(unit: str) -> tuple[str, str | None]:
    """(unitOfMeasure, unitOfMeasureOwn): the own word only for OWN."""
    word = " ".join(unit.split()).strip().lower()
    found = _BY_WORD.get(word)
    if found is not None:
        return found, None
    return "OWN", (unit.strip()[:50] or "egység")
