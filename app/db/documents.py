"""Business documents – customer orders, invoices, purchase receipts – their lines and numbering."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import invoice_guard
from app.db.base import Base, Timestamps
from app.db.catalog import _enum
from app.db.types import Money, Quantity, Rate, UnitPrice, UtcDateTime

if TYPE_CHECKING:
    from app.db.catalog import PaymentMethod, ShippingMethod
    from app.db.stock import Warehouse


class DocumentKind(enum.StrEnum):
    CUSTOMER_ORDER = "customer_order"
    INVOICE = "invoice"
    PURCHASE_RECEIPT = "purchase_receipt"
    STOCK_ADJUSTMENT = "stock_adjustment"  # leltárhiány / leltártöbblet booked by a closed count
    TRANSFER = "transfer"  # raktárközi átadás: out of ``warehouse_id``, into ``target_warehouse_id``


class DocumentStatus(enum.StrEnum):
    OPEN = "open"  # an order that still reserves stock
    CLOSED = "closed"  # an order that was fulfilled (invoiced)
    CANCELLED = "cancelled"  # an order that was cancelled; reserves nothing
    ISSUED = "issued"  # an invoice or a receipt that moved stock


class NumberCounter(Base):
    """The last number used in a series for one year; numbers are never reused."""

    __tablename__ = "number_counters"
    __table_args__ = (UniqueConstraint("prefix", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Document(Timestamps, Base):
    __tablename__ = "documents"
    # The lists' order (newest first within a kind): their first screenful is an index range.
    __table_args__ = (Index("ix_documents_kind_issue_number", "kind", "issue_date", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[DocumentStatus] = mapped_column(_enum(DocumentStatus), index=True)
    issue_date: Mapped[date] = mapped_column(Date)  # kelt
    fulfilment_date: Mapped[date | None] = mapped_column(Date)  # teljesítés
    due_date: Mapped[date | None] = mapped_column(Date)  # fizetési határidő
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    target_warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    # A purchase receipt: from whom, on which of their invoices (its number and date as printed).
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    supplier_invoice_number: Mapped[str] = mapped_column(String(60), default="", server_default="")
    supplier_invoice_date: Mapped[date | None] = mapped_column(Date)
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)

    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    # The customer as they were when the document was made; later edits of the customer do not
    # change what an issued document says.
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_email: Mapped[str] = mapped_column(String(200), default="")
    customer_phone: Mapped[str] = mapped_column(String(50), default="")
    customer_is_private: Mapped[bool] = mapped_column(Boolean, default=True)
    customer_tax_number: Mapped[str] = mapped_column(String(20), default="")
    customer_eu_tax_number: Mapped[str] = mapped_column(String(20), default="")
    billing_country: Mapped[str] = mapped_column(String(2), default="HU")
    billing_postal_code: Mapped[str] = mapped_column(String(20), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_street: Mapped[str] = mapped_column(String(200), default="")
    shipping_name: Mapped[str] = mapped_column(String(200), default="")
    shipping_country: Mapped[str] = mapped_column(String(2), default="HU")
    shipping_postal_code: Mapped[str] = mapped_column(String(20), default="")
    shipping_city: Mapped[str] = mapped_column(String(100), default="")
    shipping_street: Mapped[str] = mapped_column(String(200), default="")
    # A parcel locker / pick-up point chosen in the shop (id, group, the person who collects)
    shipping_point_id: Mapped[str] = mapped_column(String(100), default="", server_default="")
    shipping_point_group: Mapped[str] = mapped_column(String(100), default="", server_default="")
    shipping_recipient: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Set when a user edits an open order here: the shop's later changes are then shown, not applied
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    header_note: Mapped[str] = mapped_column(Text, default="")  # felső megjegyzés, printed
    internal_note: Mapped[str] = mapped_column(Text, default="")  # belső megjegyzés, never printed
    payment_method_id: Mapped[int | None] = mapped_column(ForeignKey("payment_methods.id"))
    shipping_method_id: Mapped[int | None] = mapped_column(ForeignKey("shipping_methods.id"))
    currency: Mapped[str] = mapped_column(String(3), default="HUF")
    exchange_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal(1))

    net_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    vat_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    gross_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    # Documents imported from a webshop: which shop, and warnings for the user (totals differ …).
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"), index=True)
    warnings: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Invoices: the legal 0/5 Ft cash rounding (payable = gross_total + rounding), the storno link,
    # the NAV Online Számla InvoiceData XML, and whether the PDF was e-mailed.
    rounding: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0), server_default="0")
    storno_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    nav_xml: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Made for a test shop (TESZT series, demo orders): Élesítés removes exactly these.
    is_test: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # An issued invoice, frozen: the JSON record everything is printed and reported from
    # (app.invoice_data.snapshot), the PDF as first issued, and when it was sealed. A sealed live
    # invoice cannot be changed or deleted (app.db.invoice_guard enforces it in the database).
    snapshot: Mapped[str] = mapped_column(Text, default="", server_default="")
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # A modifying invoice (helyesbítő számla): the invoice it corrects and its place in the chain
    # of that invoice's corrections (stornos and modifications share the sequence).
    modifies_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    modification_index: Mapped[int | None] = mapped_column(Integer)
    # The buyer has no tax number and the user confirmed it is not a VAT subject (NAV: OTHER).
    buyer_not_vat_subject: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Foreign currency: where the rate comes from (MNB, the bank, the webshop) – printed.
    exchange_rate_source: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email_status: Mapped[str] = mapped_column(String(20), default="", server_default="")  # "" | sent | failed
    email_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    email_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A customer order's delivery note (szállítólevél): numbered once, at its first print.
    delivery_note_number: Mapped[str] = mapped_column(String(40), default="", server_default="")

    lines: Mapped[list[DocumentLine]] = relationship(
        back_populates="document", order_by="DocumentLine.position", cascade="all, delete-orphan"
    )
    warehouse: Mapped[Warehouse] = relationship(foreign_keys=[warehouse_id])
    payment_method: Mapped[PaymentMethod | None] = relationship()
    shipping_method: Mapped[ShippingMethod | None] = relationship()


class DocumentLine(Base):
    __tablename__ = "document_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    # Snapshot of the product as sold, so renaming the product does not rewrite old documents.
    product_code: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20), default="db")
    quantity: Mapped[Decimal] = mapped_column(Quantity())
    unit_price: Mapped[Decimal] = mapped_column(UnitPrice())
    # Webshop and retail prices are gross: the line's gross is then kept exactly.
    price_is_gross: Mapped[bool] = mapped_column(Boolean, default=False)
    vat_rate_id: Mapped[int] = mapped_column(ForeignKey("vat_rates.id"))
    vat_code: Mapped[str] = mapped_column(String(20))
    vat_percent: Mapped[Decimal] = mapped_column(Rate())
    net_amount: Mapped[Decimal] = mapped_column(Money())
    vat_amount: Mapped[Decimal] = mapped_column(Money())
    gross_amount: Mapped[Decimal] = mapped_column(Money())
    # Whether this line moves or reserves stock (goods do, services do not).
    stock_item: Mapped[bool] = mapped_column(Boolean, default=True)
    # goods | service | discount | shipping | handling (app.invoice_data.apportion): discounts and
    # incidental costs are shared out over the VAT rates of the goods on the invoice.
    role: Mapped[str] = mapped_column(String(20), default="goods", server_default="goods")
    # Corrections (storno, modifying invoice): the line's number in the whole invoice chain, and
    # the line of the original invoice it corrects (a return, a price change).
    line_reference: Mapped[int | None] = mapped_column(Integer)
    corrected_position: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="lines")


# An issued live invoice cannot be changed or deleted, even by a bug: see app.db.invoice_guard.
invoice_guard.attach(DocumentLine.__table__)  # type: ignore[arg-type]
