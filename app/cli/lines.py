"""Document lines given on the command line: `KÓD=MENNY` (transfer, count) or `KÓD=MENNY@ÁR` (receipt)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.formatting import parse_decimal


def code_and_quantity(text: str) -> tuple[str, Decimal]:
    """`FURO-1=2` → ("FURO-1", 2)."""
    code, sep, qty = text.partition("=")
    if not sep:
        raise ValidationError(f"A tétel formája KÓD=MENNYISÉG (pl. FURO-1=2), nem „{text}”.")
    return code.strip(), _number(qty, f"A(z) {code.strip()} mennyisége nem szám: {qty}")


def code_quantity_and_price(text: str) -> tuple[str, Decimal, Decimal]:
    """`FURO-1=10@4500` → ("FURO-1", 10, 4500)."""
    code, sep, rest = text.partition("=")
    qty, at, price = rest.partition("@")
    if not sep or not at:
        raise ValidationError(f"A tétel formája KÓD=MENNY@ÁR (pl. FURO-1=10@4500), nem „{text}”.")
    wrong = f"A(z) {code.strip()} tétel mennyisége vagy ára nem szám: {rest}"
    return code.strip(), _number(qty, wrong), _number(price, wrong)


def product_id(session: Session, code: str) -> int:
    from app.services.document_forms import find_product

    hit = find_product(session, code)
    if hit is None:
        raise ValidationError(f"Nincs ilyen termékkód: {code.strip()}")
    return hit.id


def _number(text: str, wrong: str) -> Decimal:
    try:
        return parse_decimal(text)
    except ValueError as exc:
        raise ValidationError(wrong) from exc
