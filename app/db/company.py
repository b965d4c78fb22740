"""The user's own company: the seller on every invoice."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps


class Company(Timestamps, Base):
    """One row: Saját cégadatok."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="HU")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    tax_number: Mapped[str] = mapped_column(String(20), default="")
    eu_tax_number: Mapped[str] = mapped_column(String(20), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    # normal | aam (alanyi adómentes) | cash_accounting (pénzforgalmi elszámolás)
    vat_status: Mapped[str] = mapped_column(String(20), default="normal", server_default="normal")
    # Outgoing mail for invoices (the password is in the credentials store, never here).
    smtp_host: Mapped[str] = mapped_column(String(200), default="", server_default="")
    smtp_port: Mapped[int] = mapped_column(Integer, default=587, server_default="587")
    smtp_security: Mapped[str] = mapped_column(String(10), default="starttls", server_default="starttls")
    smtp_user: Mapped[str] = mapped_column(String(200), default="", server_default="")
