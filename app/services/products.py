"""Products and services: create, edit and delete with the checks a user needs to hear about."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.catalog import Category, Product, ProductCategory, ProductImage, ProductKind, Unit, VatRate
from app.db.documents import DocumentLine
from app.errors import NotFoundError, ValidationError
from app.invoice_data.pricing import HUNDRED
from app.services.field_checks import check_texts
from app.values.checks import number_problem
from app.values.codes import clean_code

CATEGORY_SEPARATOR = "|"
_PRICE_QUANTUM = Decimal("0.0001")


@dataclass
class ProductInput:
    code: str
    name: str
    vat_code: str = "27%"
    unit: str = "db"
    kind: ProductKind = ProductKind.GOODS
    # Give one of the two selling prices; the other is derived from the VAT rate.
    gross_price: Decimal | None = None
    net_price: Decimal | None = None
    purchase_price: Decimal = Decimal(0)
    note: str = ""
    location: str = ""  # shelf / bin in the warehouse, for the picking list
    categories: list[str] = field(default_factory=list)
    webshop: bool = False
    # None keeps the current image; b"" removes it.
    image: bytes | None = None


def normalize_category(path: str) -> str:
    parts = [p.strip() for p in path.split(CATEGORY_SEPARATOR)]
    if any(not p for p in parts):
        raise ValidationError(f"Hibás kategória: „{path}”. Formátum: Főcsoport|Alcsoport.")
    return CATEGORY_SEPARATOR.join(parts)


def create_product(session: Session, data: ProductInput) -> Product:
    product = Product(code="", name="")
    _apply(session, product, data, is_new=True)
    session.add(product)
    try:
        session.flush()
    except IntegrityError as exc:
        # Another workstation saved the same code between our check and our insert.
        raise ValidationError(
            f"A(z) „{data.code.strip()}” termékkód már foglalt. Adjon meg másik termékkódot.", repr(exc)
        ) from exc
    return product


def update_product(session: Session, product_id: int, data: ProductInput) -> Product:
    product = get_product(session, product_id)
    _apply(session, product, data, is_new=False)
    session.flush()
    return product


def delete_product(session: Session, product_id: int) -> None:
    product = get_product(session, product_id)
    used = session.scalar(select(func.count()).where(DocumentLine.product_id == product_id))
    if used:
        raise ValidationError(
            f"A(z) {product.code} termék nem törölhető, mert {used} bizonylattételen szerepel. "
            "Helyette állítsa inaktívra."
        )
    session.delete(product)


def get_product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFoundError("A termék nem található (talán közben törölték).")
    return product


def _apply(session: Session, product: Product, data: ProductInput, *, is_new: bool) -> None:
    code = clean_code(data.code)
    name = data.name.strip()
    if not code:
        raise ValidationError("A termékkód nem lehet üres.")
    if not name:
        raise ValidationError("A termék megnevezése nem lehet üres.")
    check_texts(
        Product,
        {"code": code, "name": name, "note": data.note, "location": data.location.strip()},
        {"code": "termékkód", "name": "megnevezés", "note": "leírás", "location": "tárolóhely"},
        f"A(z) {code[:40]} termék",
    )
    for label, price in (
        ("bruttó ár", data.gross_price),
        ("nettó ár", data.net_price),
        ("beszerzési ár", data.purchase_price),
    ):
        problem = number_problem(price, label) if price is not None else None
        if problem:
            raise ValidationError(f"A(z) {code[:40]} termék: {problem}.")
    same_code = select(Product).where(func.lower(Product.code) == code.lower())
    if not is_new:
        same_code = same_code.where(Product.id != product.id)
    clash = session.scalar(same_code)
    if clash is not None:
        raise ValidationError(
            f"A(z) „{code}” termékkód már foglalt ({clash.name}). Adjon meg másik termékkódot.",
            "duplicate product code",
        )
    vat = session.scalar(select(VatRate).where(VatRate.code == data.vat_code))
    if vat is None:
        raise ValidationError(f"Ismeretlen ÁFA-kulcs: {data.vat_code}.")
    unit = session.scalar(select(Unit).where(Unit.name == data.unit.strip()))
    if unit is None:
        unit = Unit(name=data.unit.strip() or "db")
        session.add(unit)
    net, gross = _prices(data, vat.percent)
    if data.purchase_price < 0:
        raise ValidationError("A beszerzési ár nem lehet negatív.")
    image = None
    if data.image:
        from app.output.product_images import check_image  # Pillow: only when an image is saved

        image = check_image(data.image, label=code)

    product.code = code
    product.name = name
    product.kind = data.kind
    product.vat_rate = vat
    product.unit = unit
    product.net_price = net
    product.gross_price = gross
    product.purchase_price = data.purchase_price
    product.note = data.note
    product.location = data.location.strip()
    product.webshop = data.webshop
    _set_categories(session, product, data.categories)
    if data.image == b"":
        product.image = None
    elif image is not None:
        product.image = ProductImage(
            mime_type=image.mime_type,
            data=image.data,
            sha256=image.sha256,
            width=image.width,
            height=image.height,
        )


def _prices(data: ProductInput, vat_percent: Decimal) -> tuple[Decimal, Decimal]:
    factor = 1 + vat_percent / HUNDRED
    if data.gross_price is not None:
        gross = data.gross_price.quantize(_PRICE_QUANTUM)
        net = (gross / factor).quantize(_PRICE_QUANTUM)
    elif data.net_price is not None:
        net = data.net_price.quantize(_PRICE_QUANTUM)
        gross = (net * factor).quantize(_PRICE_QUANTUM)
    else:
        net = gross = Decimal(0)
    if net < 0 or gross < 0:
        raise ValidationError("Az eladási ár nem lehet negatív.")
    return net, gross


def _set_categories(session: Session, product: Product, paths: list[str]) -> None:
    wanted: list[str] = []
    for raw in paths:
        if raw.strip():
            path = normalize_category(raw)
            if path not in wanted:
                wanted.append(path)
    product.category_links.clear()
    session.flush()
    for position, path in enumerate(wanted):
        category = session.scalar(select(Category).where(Category.path == path))
        if category is None:
            category = Category(path=path)
            session.add(category)
        product.category_links.append(ProductCategory(category=category, position=position))
