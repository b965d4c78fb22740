"""What we sell: products and services, their VAT rates, units, categories, images, methods."""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Timestamps
from app.db.types import Rate, UnitPrice


class VatKind(enum.StrEnum):
    NORMAL = "normal"  # a percentage rate: 27%, 18%, 5%
    EXEMPT = "exempt"  # tax-exempt (AAM, TAM, KBAET, EAM, NAM) – NAV "vatExemption"
    OUT_OF_SCOPE = "out_of_scope"  # outside the scope of VAT (ATK, EUFAD37, EUFADE, EUE, HO)


class ProductKind(enum.StrEnum):
    GOODS = "goods"
    SERVICE = "service"


def _enum(cls: type[enum.StrEnum], length: int = 20) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class VatRate(Base):
    """A VAT rate identified by its short name ("27%", "AAM" …); Hungary has no 0% rate."""

    __tablename__ = "vat_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[VatKind] = mapped_column(_enum(VatKind))
    percent: Mapped[Decimal] = mapped_column(Rate(), default=Decimal(0))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)


class Category(Base):
    """A category as a path of names separated by "|" ("Főcsoport|Alcsoport"), as UNAS writes it."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)


class Product(Timestamps, Base):
    __tablename__ = "products"
    # Shop SKUs are matched case-insensitively (order lines, product sync).
    __table_args__ = (Index("ix_products_code_lower", func.lower(text("code"))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[ProductKind] = mapped_column(_enum(ProductKind), default=ProductKind.GOODS)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    vat_rate_id: Mapped[int] = mapped_column(ForeignKey("vat_rates.id"))
    net_price: Mapped[Decimal] = mapped_column(UnitPrice(), default=Decimal(0))
    gross_price: Mapped[Decimal] = mapped_column(UnitPrice(), default=Decimal(0))
    purchase_price: Mapped[Decimal] = mapped_column(UnitPrice(), default=Decimal(0))
    note: Mapped[str] = mapped_column(Text, default="")
    # Where it lies in the warehouse (shelf, bin): the picking list is walked in this order.
    location: Mapped[str] = mapped_column(String(50), default="", server_default="")
    webshop: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # False for products created from a webshop order: their stock is "not yet recorded" here and
    # is not pushed to the shop until a receipt, an import or a count records it.
    stock_recorded: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    unit: Mapped[Unit] = relationship(lazy="joined")
    vat_rate: Mapped[VatRate] = relationship(lazy="joined")
    category_links: Mapped[list[ProductCategory]] = relationship(
        order_by="ProductCategory.position", cascade="all, delete-orphan"
    )
    image: Mapped[ProductImage | None] = relationship(cascade="all, delete-orphan", uselist=False)

    @property
    def categories(self) -> list[str]:
        return [link.category.path for link in self.category_links]


class ProductCategory(Base):
    """Ordered categories of a product; the one at position 0 is the main category."""

    __tablename__ = "product_categories"
    __table_args__ = (UniqueConstraint("product_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship(lazy="joined")


class ProductImage(Base):
    """The product's one image, kept in the database so every workstation sees it."""

    __tablename__ = "product_images"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    mime_type: Mapped[str] = mapped_column(String(30))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class PaymentMethod(Base):
    __tablename__ = "payment_methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Cash payments are rounded to 0/5 Ft on the invoice.
    is_cash: Mapped[bool] = mapped_column(Boolean, default=False)
    due_days: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ShippingMethod(Base):
    __tablename__ = "shipping_methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
