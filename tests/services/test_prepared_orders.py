"""The order import's Core writer (prepare_customer_order + insert_prepared) writes the same rows
as the ORM path (create_customer_order) for the same input."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Mapper

from app.db.database import Database
from app.db.documents import Document, DocumentLine
from app.db.partners import Customer
from app.services import documents as docs
from app.services.stock import stock_level
from tests.services.helpers import make_product, receipt

IGNORED = {"id", "number", "created_at", "updated_at", "document_id"}


def _row(obj: object, columns: list[str]) -> dict[str, object]:
    return {c: getattr(obj, c) for c in columns if c not in IGNORED}


def test_the_core_writer_matches_the_orm_path_column_for_column(db: Database) -> None:
    with db.transaction() as s:
        drill = make_product(s, "FURO-2")
        receipt(s, drill.id, "10")
        buyer = Customer(name="Kiss Anna", email="anna@example.hu", phone="+36 30 1", billing_city="Pécs")
        s.add(buyer)
        s.flush()

        def data() -> docs.DocumentInput:
            return docs.DocumentInput(
                lines=[
                    docs.LineInput(D(2), drill.id),
                    docs.LineInput(D(1), name="Szállítás", unit_price=D(990), vat_code="27%"),
                ],
                customer_id=buyer.id,
                header_note="Webáruház rendelés: 1001",
                internal_note="Vevő megjegyzése: kérem délután",
                exchange_rate=D(1),
            )

        orm = docs.create_customer_order(s, data())
        prepared = docs.prepare_customer_order(s, data())
        core_id = docs.insert_prepared(s, prepared)
        orm_id, orm_number = orm.id, orm.number
    with db.reading() as s:
        a, b = s.get(Document, orm_id), s.get(Document, core_id)
        assert a is not None and b is not None
        columns = [c.key for c in Document.__table__.columns]
        assert _row(b, columns) == _row(a, columns)
        assert b.number != orm_number and b.number.startswith(orm_number[:-5])
        line_columns = [c.key for c in DocumentLine.__table__.columns]
        lines = [
            [
                _row(line, line_columns)
                for line in s.scalars(
                    select(DocumentLine).where(DocumentLine.document_id == i).order_by(DocumentLine.position)
                )
            ]
            for i in (orm_id, core_id)
        ]
        assert lines[0] == lines[1] and len(lines[0]) == 2
        # Both reserve: 2 + 2 of the 10 received.
        assert stock_level(s, drill.id).free == D(6)


def test_attribute_and_column_names_agree_for_the_core_writer() -> None:
    """insert_prepared reads attributes by column name; a renamed attribute would be dropped silently."""
    for model in (Document, DocumentLine):
        mapper: Mapper[Any] = inspect(model)
        assert [a.key for a in mapper.column_attrs] == [a.columns[0].name for a in mapper.column_attrs]
