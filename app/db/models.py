"""Imports every model so that ``Base.metadata`` is complete (alembic, create_all in tools)."""

from app.db.base import Base
from app.db.catalog import (
    Category,
    PaymentMethod,
    Product,
    ProductCategory,
    ProductImage,
    ProductKind,
    ShippingMethod,
    Unit,
    VatKind,
    VatRate,
)
from app.db.catalog_revision import CatalogRevision
from app.db.company import Company
from app.db.counts import StockCount, StockCountLine
from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus, NumberCounter
from app.db.identity import DatabaseIdentity
from app.db.nav import NavProfile, NavReport, NavSender, NavTaxpayer
from app.db.partners import Customer, Supplier
from app.db.payments import Payment
from app.db.shop_api import ShopApiCall, ShopApiFailedItem, ShopApiFailure, ShopApiState
from app.db.shop_links import ShopCustomerLink, ShopInvoiceWriteback, ShopOrderLink, ShopProductLink
from app.db.shops import Shop, ShopMapping, ShopStockWarehouse
from app.db.stock import StockMove, Warehouse
from app.db.sync_log import SyncEvent, SyncLease, SyncRun

__all__ = [
    "Base",
    "CatalogRevision",
    "Category",
    "Company",
    "Customer",
    "DatabaseIdentity",
    "Document",
    "DocumentKind",
    "DocumentLine",
    "DocumentStatus",
    "NavProfile",
    "NavReport",
    "NavSender",
    "NavTaxpayer",
    "NumberCounter",
    "Payment",
    "PaymentMethod",
    "Product",
    "ProductCategory",
    "ProductImage",
    "ProductKind",
    "ShippingMethod",
    "Shop",
    "ShopApiCall",
    "ShopApiFailedItem",
    "ShopApiFailure",
    "ShopApiState",
    "ShopCustomerLink",
    "ShopInvoiceWriteback",
    "ShopMapping",
    "ShopOrderLink",
    "ShopProductLink",
    "ShopStockWarehouse",
    "StockCount",
    "StockCountLine",
    "StockMove",
    "Supplier",
    "SyncEvent",
    "SyncLease",
    "SyncRun",
    "Unit",
    "VatKind",
    "VatRate",
    "Warehouse",
]
