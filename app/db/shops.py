"""Connected UNAS webshops and the UNAS client state shared by every process and workstation."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import Quantity, UtcDateTime
from app.timeutil import utcnow

DEFAULT_UNAS_URL = "https://api.unas.eu/shop/"


class Shop(Base):
    __tablename__ = "shops"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # A shop can point at the built-in sandbox (test mode) instead of UNAS.
    base_url: Mapped[str] = mapped_column(
        String(300), default=DEFAULT_UNAS_URL, server_default=DEFAULT_UNAS_URL
    )
    # Order sync options (the API key itself lives in the credentials store, never here).
    series_prefix: Mapped[str | None] = mapped_column(String(20))
    order_warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    billable_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    import_since: Mapped[date | None] = mapped_column(Date)
    # Orders modified after this were not read yet (minus an overlap, see app.sync.order_sync).
    order_cursor: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Open imported orders are looked up by key once a day (deleted in the shop?).
    open_orders_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Payment and shipping methods were downloaded then (getMethod has 30 calls an hour).
    methods_synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The first product push asks for confirmation; after it, new products are simply created.
    products_pushed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # After invoicing, the order is marked "Számlázva" in the shop with our invoice number.
    write_back_invoices: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    auto_sync: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    sync_interval_minutes: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # A test shop (the sandbox or UNAS's copy of the live shop): its invoices use the TESZT series.
    is_test: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class ShopApiState(Base):
    """One row per shop: token, package, "key is wrong", ban and back-off, as the client saw them."""

    __tablename__ = "shop_api_state"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str | None] = mapped_column(String(200))
    token_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    subscription: Mapped[str | None] = mapped_column(String(20))
    key_rejected: Mapped[str | None] = mapped_column(Text)
    banned_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    backoff_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    backoff_step: Mapped[int] = mapped_column(Integer, default=0)


class ShopApiCall(Base):
    """Calls made per shop, budget bucket and minute (a rolling hour is the last 60 rows' sum)."""

    __tablename__ = "shop_api_calls"
    __table_args__ = (UniqueConstraint("shop_id", "bucket", "minute"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    bucket: Mapped[str] = mapped_column(String(60))
    minute: Mapped[datetime] = mapped_column(UtcDateTime())
    count: Mapped[int] = mapped_column(Integer, default=0)


class ShopApiFailure(Base):
    """Consecutive failed calls per endpoint (UNAS bans the IP at 20)."""

    __tablename__ = "shop_api_failures"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ShopApiFailedItem(Base):
    """Items a set call refused, with the fingerprint of the data sent: not resent until it changes."""

    __tablename__ = "shop_api_failed_items"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(40), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))


class ShopStockWarehouse(Base):
    """Warehouses whose free stock is pushed to a shop."""

    __tablename__ = "shop_stock_warehouses"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)


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


class ShopCustomerLink(Base):
    """A registered shop customer (by shop customer id) and our customer."""

    __tablename__ = "shop_customer_links"
    __table_args__ = (UniqueConstraint("shop_id", "shop_customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    shop_customer_id: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))


class ShopMapping(Base):
    """User-editable per-shop mappings from the shop's words to our records.

    kind: "vat" (shop VAT text → VAT rate), "service" (line kind → service product),
    "payment" / "shipping" (method name → method).
    """

    __tablename__ = "shop_mappings"
    __table_args__ = (UniqueConstraint("shop_id", "kind", "shop_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    shop_value: Mapped[str] = mapped_column(String(200))
    local_id: Mapped[int] = mapped_column(Integer)


class ShopInvoiceWriteback(Base):
    """Queued setOrder write-back of an invoice (retried until the shop answers; never blocks invoicing)."""

    __tablename__ = "shop_invoice_writebacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    order_key: Mapped[str] = mapped_column(String(60))
    order_date: Mapped[datetime] = mapped_column(UtcDateTime())
    invoice_number: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | done | skipped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class SyncRun(Base):
    """One sync run of one shop (orders or products), as the Szinkronizációs napló lists it."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # orders | products
    trigger: Mapped[str] = mapped_column(String(20), default="auto")  # auto | button | cli
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(
        String(20), default="running"
    )  # running | ok | partial | error | skipped
    summary: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    workstation: Mapped[str] = mapped_column(String(100), default="")


class SyncEvent(Base):
    """One record-level event of a run: an order imported, a product pushed, an error and its reason."""

    __tablename__ = "sync_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("sync_runs.id", ondelete="CASCADE"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))  # order | product | stock | image | writeback | message
    status: Mapped[str] = mapped_column(String(20))  # ok | error | held
    ref: Mapped[str] = mapped_column(String(100), default="")  # order key or product code
    message: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class SyncLease(Base):
    """Who syncs a shop right now: one workstation at a time, across a shared database."""

    __tablename__ = "sync_leases"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
