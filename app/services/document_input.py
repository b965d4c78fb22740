"""What a document is made of, as a caller gives it: lines and header values (checked later)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.invoice_data.pricing import LineAmounts
from app.money import HUF

if TYPE_CHECKING:
    from app.db.catalog import VatRate


@dataclass
class LineInput:
    """One line as the user or an import gives it; missing values come from the product."""

    quantity: Decimal
    product_id: int | None = None
    name: str | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    price_is_gross: bool | None = None
    vat_code: str | None = None
    role: str | None = None  # goods | service | discount | shipping | handling (default: by product)
    # Corrections: the amounts are given (a storno repeats the original's, negated).
    amounts: LineAmounts | None = None
    line_reference: int | None = None
    corrected_position: int | None = None
    # A price correction of goods moves no stock (None: goods move stock, services do not).
    moves_stock: bool | None = None


@dataclass
class DocumentInput:
    lines: list[LineInput]
    customer_id: int | None = None
    warehouse_id: int | None = None
    issue_date: date | None = None
    fulfilment_date: date | None = None
    header_note: str = ""
    internal_note: str = ""
    payment_method_id: int | None = None
    shipping_method_id: int | None = None
    currency: str = HUF
    exchange_rate: Decimal = Decimal(1)
    number_prefix: str | None = None
    shop_id: int | None = None  # the webshop an imported order came from
    is_test: bool = False  # made for a test shop (Élesítés removes it)
    # The customer's card (document_fill.SNAPSHOT_FIELDS) when the caller already holds it, and
    # every VAT rate by code: the order import keeps both per page.
    customer_card: Mapping[str, Any] | None = None
    vat_rates: dict[str, VatRate] | None = None
    extra: dict[str, object] = field(default_factory=dict)
    # A purchase receipt: the supplier and the number and date of the supplier's invoice.
    supplier_id: int | None = None
    supplier_invoice_number: str = ""
    supplier_invoice_date: date | None = None
