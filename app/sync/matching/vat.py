"""VAT by short name ("27%", "AAM" …) through the shop's alias table; unknown codes are never guessed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import VatRate
from app.sync.matching import cache
from app.sync.matching.held import OrderHeld
from app.sync.matching.mappings import lookup


class UnknownVatCode(OrderHeld):
    """The order is held until the user maps the code (Webáruházak › ÁFA-megfeleltetés)."""

    def __init__(self, code: str, order_key: str) -> None:
        self.code = code
        super().__init__(
            f"A(z) {order_key} rendelésben ismeretlen ÁFA-kód szerepel: „{code}”. A rendelés várakozik; "
            "rendelje hozzá a megfelelő ÁFA-kulcsot a webáruház beállításaiban, majd nyomja meg az "
            "Újrapróbálás gombot.",
            f"unknown VAT code {code!r}",
        )


def match_vat(session: Session, shop_id: int, shop_code: str | None, order_key: str) -> VatRate:
    code = (shop_code or "").strip()
    known = cache.get(session)
    if known is not None and code in known.vat:
        return known.vat[code]
    rate = _match_vat(session, shop_id, code, order_key)
    if known is not None:
        known.vat[code] = rate
    return rate


def _match_vat(session: Session, shop_id: int, code: str, order_key: str) -> VatRate:
    mapped = lookup(session, shop_id, "vat", code) if code else None
    if mapped is not None:
        rate = session.get(VatRate, mapped)
        if rate is not None:
            return rate
    rate = (
        session.scalar(select(VatRate).where(VatRate.code == code, VatRate.active.is_(True)))
        if code
        else None
    )
    if rate is None:
        raise UnknownVatCode(code or "(üres)", order_key)
    return rate
