"""Customers (vevők) and suppliers (szállítók)."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps


class Customer(Timestamps, Base):
    __tablename__ = "customers"
    # Webshop buyers are matched by e-mail case-insensitively.
    __table_args__ = (Index("ix_customers_email_lower", func.lower(text("email"))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(200), default="", index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    is_private: Mapped[bool] = mapped_column(Boolean, default=True)
    tax_number: Mapped[str] = mapped_column(String(20), default="")
    eu_tax_number: Mapped[str] = mapped_column(String(20), default="")
    billing_country: Mapped[str] = mapped_column(String(2), default="HU")
    billing_postal_code: Mapped[str] = mapped_column(String(20), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_street: Mapped[str] = mapped_column(String(200), default="")
    shipping_name: Mapped[str] = mapped_column(String(200), default="")
    shipping_country: Mapped[str] = mapped_column(String(2), default="HU")
    shipping_postal_code: Mapped[str] = mapped_column(String(20), default="")
    shipping_city: Mapped[str] = mapped_column(String(100), default="")
    shipping_street: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Accepted electronic invoices (NAV invoiceAppearance ELECTRONIC); None: not known (UNKNOWN).
    electronic_invoice: Mapped[bool | None] = mapped_column(Boolean)


class Supplier(Timestamps, Base):
    """Szállítók: whom the goods are bought from (Beszerzés › Bevételezés)."""

    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="HU")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    tax_number: Mapped[str] = mapped_column(String(20), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
