"""Every start fills the empty master tables – and only those – with the defaults."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from app.db.catalog import PaymentMethod, Unit, VatRate
from app.db.company import Company
from app.db.database import Database
from app.db.stock import Warehouse
from app.services.seed import DEFAULT_UNIT, PAYMENT_METHODS, VAT_RATES, seed_defaults

SEEDED = {
    "VatRate": len(VAT_RATES),
    "Warehouse": 1,
    "PaymentMethod": len(PAYMENT_METHODS),
    "Unit": 1,
    "Company": 1,
}


def _counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return {
            m.__name__: s.scalar(select(func.count()).select_from(m)) or 0
            for m in (VatRate, Warehouse, PaymentMethod, Unit, Company)
        }


def test_a_seeded_database_is_left_as_it_is(db: Database) -> None:
    assert _counts(db) == SEEDED
    with db.transaction() as s:
        assert seed_defaults(s) is False
    assert _counts(db) == SEEDED


def test_only_the_emptied_tables_are_filled_again(db: Database) -> None:
    with db.transaction() as s:
        s.execute(update(Warehouse).values(name="Saját raktár"))  # filled by the user: stays
        s.execute(delete(Unit))
        s.execute(delete(PaymentMethod))
    with db.transaction() as s:
        assert seed_defaults(s) is True
    assert _counts(db) == SEEDED
    with db.reading() as s:
        assert s.scalars(select(Warehouse.name)).all() == ["Saját raktár"]
        assert s.scalars(select(Unit.name)).all() == [DEFAULT_UNIT]
        assert sorted(s.scalars(select(PaymentMethod.name))) == sorted(n for n, _c, _d in PAYMENT_METHODS)
