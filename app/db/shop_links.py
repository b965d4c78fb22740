"""Which shop record is which of ours: orders, products, customers, and queued invoice write-backs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import Money, Quantity, UnitPrice, UtcDateTime
from app.timeutil import utcnow


class ShopOrderLink(Base):
    """A shop order as imported (or held): identified by shop, UNAS key and order time.

    UNAS gives the keys of deleted orders to new ones, so the key alone is not an identity.
    """

    __tablename__ = "shop_order_links"
    __table_args__ = (UniqueConstraint("shop_id", "order_key", "order_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    order_key: Mapped[str] = mapped_column(String(60))  # the UNAS key (InternalKey for marketplaces)
    display_key: Mapped[str] = mapped_column(String(60))  # Key as the shop shows it
    order_date: Mapped[datetime] = mapped_column(UtcDateTime())
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # imported | held | error
    message: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    shop_date_mod: Mapped[datetime | None] = mapped_column(UtcDateTime())
    shop_status: Mapped[str | None] = mapped_column(String(100))
    # The shop's payment of the order as last read (Payment/Type, /Status, /Paid): a card or online
    # payment is recorded on the invoice made from it.
    payment_type: Mapped[str | None] = mapped_column(String(30))
    payment_status: Mapped[str | None] = mapped_column(String(30))
    payment_paid: Mapped[Decimal | None] = mapped_column(Money())
    # JSON {"merged_from": [keys], "separated_from": …}: the shop's links to other orders
    related: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A shop-side change not applied here (the document was edited or invoiced): what differs
    pending_change: Mapped[str] = mapped_column(Text, default="", server_default="")
    # status "skipped": an open order we do not import; what the shop consumed for it {sku: qty}
    consumed: Mapped[str] = mapped_column(Text, default="", server_default="")
    # sha256 of the shop's order as last read (DateMod has one-second resolution)
    shop_fingerprint: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class ShopProductLink(Base):
    """Which local product is which shop product (by SKU)."""

    __tablename__ = "shop_product_links"
    __table_args__ = (UniqueConstraint("shop_id", "product_id"), UniqueConstraint("shop_id", "sku"))

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(100))
    shop_product_id: Mapped[str | None] = mapped_column(String(40))
    # What was last pushed successfully, so a run sends only what changed since (Termék szinkron).
    fields_hash: Mapped[str | None] = mapped_column(String(64))
    image_hash: Mapped[str | None] = mapped_column(String(64))
    stock_pushed: Mapped[Decimal | None] = mapped_column(Quantity())
    pushed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The shop keeps this product's stock per variant: we leave its stock alone.
    per_variant: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    error: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The price in effect in the shop (a running sale) – kept apart, never pushed as the normal price
    actual_price_gross: Mapped[Decimal | None] = mapped_column(UnitPrice())
    actual_price_type: Mapped[str] = mapped_column(String(20), default="", server_default="")


class ShopCustomerLink(Base):
    """A registered shop customer (by shop customer id) and our customer."""

    __tablename__ = "shop_customer_links"
    __table_args__ = (UniqueConstraint("shop_id", "shop_customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    shop_customer_id: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))


class ShopInvoiceWriteback(Base):
    """Queued setOrder write-back of an invoice (retried until the shop answers; never blocks invoicing)."""

    __tablename__ = "shop_invoice_writebacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    order_key: Mapped[str] = mapped_column(String(60))
    order_date: Mapped[datetime] = mapped_column(UtcDateTime())
    invoice_number: Mapped[str] = mapped_column(String(40))
    # invoice (Invoice.Number, status 2) | storno (Storno.Number) | modification (no field: logged)
    target: Mapped[str] = mapped_column(String(20), default="invoice", server_default="invoice")
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | done | skipped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
