from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy.orm import Session

from app.db.catalog import Product
from app.services import documents as docs
from app.services.products import ProductInput, create_product


def make_product(session: Session, code: str = "P1", **kw: object) -> Product:
    data = ProductInput(code=code, name=kw.pop("name", f"Termék {code}"), gross_price=D(12700))  # type: ignore[arg-type]
    for key, value in kw.items():
        setattr(data, key, value)
    return create_product(session, data)


def receipt(session: Session, product_id: int, qty: str, price: str = "5000") -> object:
    return docs.create_purchase_receipt(
        session, docs.DocumentInput(lines=[docs.LineInput(D(qty), product_id, unit_price=D(price))])
    )
