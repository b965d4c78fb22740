"""Connected UNAS webshops: their options, the warehouses they push, their user mappings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UtcDateTime
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
    # The catalog revision (app.db.catalog_revision) at which a push last found every field sent:
    # while it holds, the 5-minute tick compares only the stock.
    fields_checked_revision: Mapped[int | None] = mapped_column(BigInteger)
    # After invoicing, the order is marked "Számlázva" in the shop with our invoice number.
    write_back_invoices: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    auto_sync: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    sync_interval_minutes: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # A test shop (the sandbox or UNAS's copy of the live shop): its invoices use the TESZT series.
    is_test: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The seller's accountant keeps shipping and handling at the shop's VAT rate instead of sharing
    # them out over the goods' rates (discounts are always shared out).
    shipping_at_shop_rate: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # getSetting (once a day): "fromNetToGross" | "fromGrossToNet" | "" (not known yet)
    calculate_mode: Mapped[str] = mapped_column(String(20), default="", server_default="")
    settings_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # getOrderStatus as last read ({status id: type} as JSON) and when: every process (a one-shot
    # CLI run too) uses it for six hours instead of asking the shop again.
    order_status_types: Mapped[str] = mapped_column(Text, default="", server_default="")
    order_statuses_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ShopStockWarehouse(Base):
    """Warehouses whose free stock is pushed to a shop."""

    __tablename__ = "shop_stock_warehouses"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)


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
    # Service lines only: what the line is on our documents (discount, voucher, shipping …); None:
    # by the shop's line id.
    role: Mapped[str | None] = mapped_column(String(20))
