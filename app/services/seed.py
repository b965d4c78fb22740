"""Data every new database starts with: VAT rates, the central warehouse, methods, the unit "db"."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Unit, VatKind, VatRate
from app.db.company import Company
from app.db.stock import Warehouse

# Hungarian VAT: three percentage rates; exemptions and out-of-scope cases are codes, never "0%".
VAT_RATES: list[tuple[str, VatKind, str, str]] = [
    ("27%", VatKind.NORMAL, "27", "Általános adókulcs"),
    ("18%", VatKind.NORMAL, "18", "Kedvezményes adókulcs"),
    ("5%", VatKind.NORMAL, "5", "Kedvezményes adókulcs"),
    ("AAM", VatKind.EXEMPT, "0", "Alanyi adómentes"),
    ("TAM", VatKind.EXEMPT, "0", "Tárgyi adómentes"),
    ("KBAET", VatKind.EXEMPT, "0", "Közösségen belüli adómentes termékértékesítés"),
    ("EAM", VatKind.EXEMPT, "0", "Adómentes termékexport harmadik országba"),
    ("NAM", VatKind.EXEMPT, "0", "Egyéb nemzetközi ügyletekhez kapcsolódó adómentesség"),
    ("ATK", VatKind.OUT_OF_SCOPE, "0", "Áfa tárgyi hatályán kívül"),
    ("EUFAD37", VatKind.OUT_OF_SCOPE, "0", "Áfa tv. 37. §-a alapján másik tagállamban teljesített"),
    ("EUFADE", VatKind.OUT_OF_SCOPE, "0", "Másik tagállamban teljesített, nem az Áfa tv. 37. §-a alá eső"),
    ("EUE", VatKind.OUT_OF_SCOPE, "0", "Másik tagállamban teljesített, nem fordítottan adózó"),
    ("HO", VatKind.OUT_OF_SCOPE, "0", "Harmadik országban teljesített ügylet"),
]

# name, cash (0/5 Ft rounding), payment due in days
PAYMENT_METHODS: list[tuple[str, bool, int]] = [
    ("Készpénz", True, 0),
    ("Átutalás", False, 8),
    ("Bankkártya", False, 0),
    ("Utánvét", False, 0),
]

CENTRAL_WAREHOUSE = "Központi raktár"
DEFAULT_UNIT = "db"


def _empty(session: Session, model: type) -> bool:
    return not session.scalar(select(func.count()).select_from(model))


def seed_defaults(session: Session) -> bool:
    """Fill empty master tables; tables the user has already filled are left as they are.

    Returns True when anything was added. Safe to call at every start.
    """
    added = False
    if _empty(session, VatRate):
        session.add_all(
            VatRate(code=code, kind=kind, percent=Decimal(pct), name=name)
            for code, kind, pct, name in VAT_RATES
        )
        added = True
    if _empty(session, Warehouse):
        session.add(Warehouse(name=CENTRAL_WAREHOUSE))
        added = True
    if _empty(session, PaymentMethod):
        session.add_all(PaymentMethod(name=n, is_cash=c, due_days=d) for n, c, d in PAYMENT_METHODS)
        added = True
    if _empty(session, Unit):
        session.add(Unit(name=DEFAULT_UNIT))
        added = True
    if _empty(session, Company):
        session.add(Company())
        added = True
    session.flush()
    return added
