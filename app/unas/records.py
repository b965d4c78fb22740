"""What the shop sends and what we write back, as frozen dataclasses (Decimal money, UTC times)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# Reserved order-line ids (Id = Sku) for non-product lines, as the contract's example shows them.
SERVICE_LINE_IDS = ("discount-percent", "shipping-cost", "discount-amount", "handel-cost")
# Live shops also send these (unas-quirks.md B41): never a product, always a mapped service line.
GIFT_LINE_ID = "gift"
SYNTHETIC_LINE_IDS = (*SERVICE_LINE_IDS, GIFT_LINE_ID)


@dataclass(frozen=True)
class LoginInfo:
    token: str
    expires_at: datetime
    shop_id: str | None
    subscription: str
    permissions: tuple[str, ...]
    webshop_name: str | None = None


@dataclass(frozen=True)
class Address:
    name: str | None = None
    zip: str | None = None
    city: str | None = None
    street: str | None = None
    county: str | None = None
    country: str | None = None
    country_code: str | None = None
    tax_number: str | None = None
    eu_tax_number: str | None = None
    customer_type: str | None = None  # private | company | other_customer_without_tax_number
    # Shipping only: a parcel locker / pick-up point (B52)
    delivery_point_id: str | None = None
    delivery_point_group: str | None = None
    delivery_point_subgroup: str | None = None
    recipient_name: str | None = None


@dataclass(frozen=True)
class ShopCustomer:
    id: str | None = None
    email: str | None = None
    username: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    mobile: str | None = None
    invoice_address: Address = field(default_factory=Address)
    shipping_address: Address = field(default_factory=Address)
    comment: str | None = None


@dataclass(frozen=True)
class ShopOrderLine:
    id: str | None
    sku: str | None
    name: str
    unit: str | None
    quantity: Decimal
    price_net: Decimal
    price_gross: Decimal
    vat: str | None  # as the shop writes it: "27%", or a code
    percent: Decimal | None = None  # only on discount-percent lines
    variants: tuple[tuple[str, str], ...] = ()
    # StockConsumptions: (warehouse id, quantity) the shop took at order time (B50)
    consumed: tuple[tuple[str, Decimal], ...] = ()

    @property
    def line_id(self) -> str:
        return self.id or self.sku or ""

    @property
    def is_service_line(self) -> bool:
        """One of the four documented ids, mapped to our default service items."""
        return self.line_id in SERVICE_LINE_IDS

    @property
    def is_synthetic(self) -> bool:
        """A reserved id that is never a product (the four and ``gift``)."""
        return self.line_id in SYNTHETIC_LINE_IDS

    @property
    def may_be_synthetic(self) -> bool:
        """Looks like a reserved id the contract does not list: ``Id`` = ``Sku``, lower-case words,
        not a numeric product id. It is a product only when the shop or we know that code."""
        word = self.line_id
        return self.is_synthetic or (
            bool(word)
            and (self.sku is None or self.sku == word)
            and word == word.lower()
            and any(c.isalpha() for c in word)
        )


@dataclass(frozen=True)
class ShopOrder:
    key: str
    date: datetime
    date_mod: datetime | None = None
    id: str | None = None
    internal_key: str | None = None  # marketplace orders: the UNAS key (Key is the marketplace's)
    lang: str | None = None
    currency: str = "HUF"
    exchange_value: Decimal | None = None
    type: str | None = None
    status: str | None = None
    status_id: str | None = None
    status_type: str | None = None  # StatusType on the order (B48): open_… | close_ok | close_fault
    invoice_status: int | None = None  # 0 not billable, 1 billable, 2 billed
    invoice_number: str | None = None
    storno_number: str | None = None
    payment_id: str | None = None
    payment_name: str | None = None
    payment_type: str | None = None
    payment_status: str | None = None  # unpaid | paid | partly paid | overpaid
    payment_paid: Decimal | None = None  # Payment/Paid: what the shop's payment took so far
    shipping_id: str | None = None
    shipping_name: str | None = None
    customer: ShopCustomer = field(default_factory=ShopCustomer)
    comments: tuple[tuple[str, str], ...] = ()  # (type, text): customer, customer_shipping, admin
    lines: tuple[ShopOrderLine, ...] = ()
    sum_price_gross: Decimal | None = None
    coupon: str | None = None
    weight: Decimal | None = None
    # Info.* (B49): the orders this one was merged / split from, split into, or is a return of
    merged_from: tuple[str, ...] = ()
    separated_from: tuple[str, ...] = ()
    separated_to: tuple[str, ...] = ()
    returned_from: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        """What the order says, apart from its modification time: a change within the same second
        as our last read (DateMod has one-second resolution) is still seen."""
        return hashlib.sha256(repr(dataclasses.replace(self, date_mod=None)).encode()).hexdigest()

    def consumed_by_sku(self) -> dict[str, Decimal]:
        """The stock the shop took for this order at order time (B50): the lines'
        StockConsumptions, or their quantities where a line names none."""
        out: dict[str, Decimal] = {}
        for line in self.lines:
            if line.is_synthetic or not line.sku or line.quantity <= 0:
                continue
            used = sum((q for _w, q in line.consumed), Decimal(0)) if line.consumed else line.quantity
            out[line.sku] = out.get(line.sku, Decimal(0)) + used
        return out

    @property
    def replaces(self) -> tuple[str, ...]:
        """Orders whose goods this one now holds: merged into it, or split off into it."""
        return self.merged_from + self.separated_from

    @property
    def unas_key(self) -> str:
        """The key UNAS itself uses for this order (for marketplace orders: InternalKey)."""
        return self.internal_key or self.key

    @property
    def is_marketplace(self) -> bool:
        return self.internal_key is not None


@dataclass(frozen=True)
class OrderQuery:
    """getOrder filters; every one of the contract's, none of them sent when None."""

    status: str | None = None
    status_name: str | None = None
    status_id: str | None = None
    email: str | None = None
    invoice_status: int | None = None
    time_start: datetime | None = None
    time_end: datetime | None = None
    date_start: datetime | None = None
    date_end: datetime | None = None
    time_mod_start: datetime | None = None
    time_mod_end: datetime | None = None
    key: str | None = None
    lang: str | None = None
    # InvoiceAutoSet is deliberately absent: its presence marks the returned orders billed.


@dataclass(frozen=True)
class OrderUpdate:
    """setOrder modify: status and invoice write-back only (never items)."""

    key: str
    status: str | None = None
    invoice_status: int | None = None
    invoice_number: str | None = None
    invoice_url: str | None = None
    storno_number: str | None = None  # Storno.Number: the cancelling invoice (Invoice.Number stays)
    storno_url: str | None = None
    # Sent explicitly: the default when omitted is not documented, and the buyer should not be
    # mailed because our program changed something.
    status_email: bool = False


@dataclass(frozen=True)
class ProductCategoryRef:
    type: str  # base | alt
    id: str | None = None
    name: str | None = None  # path "Főcsoport|Alcsoport"


@dataclass(frozen=True)
class ShopProduct:
    sku: str
    id: str | None = None
    state: str = "live"
    name: str | None = None
    unit: str | None = None
    vat: str | None = None
    price_net: Decimal | None = None
    price_gross: Decimal | None = None
    # The price in effect (Prices.Price.Actual = 1, B51): a running sale may be it. Kept apart,
    # never pushed back as the normal price.
    actual_price_gross: Decimal | None = None
    actual_price_type: str | None = None
    description_short: str | None = None
    description_long: str | None = None
    categories: tuple[ProductCategoryRef, ...] = ()
    image_urls: tuple[str, ...] = ()
    stock_active: bool | None = None
    stock_per_variant: bool | None = None
    stock_qty: Decimal | None = None
    last_mod: datetime | None = None


@dataclass(frozen=True)
class ProductImage:
    data: bytes  # JPG or PNG bytes, checked before
    filename: str | None = None
    version: str | None = None  # Images.Version: only when an existing image really changed


@dataclass(frozen=True)
class ProductWrite:
    """setProduct: only the fields we own; None means "leave the shop's value alone"."""

    sku: str
    action: str = "modify"  # add | modify | delete
    sku_new: str | None = None  # modify only: the product's code changed here
    name: str | None = None
    unit: str | None = None
    price_net: Decimal | None = None
    price_gross: Decimal | None = None
    base_category: str | None = None  # path
    description_long: str | None = None
    image: ProductImage | None = None
    stock_active: bool | None = None  # on add: switch stock management on
    stock_qty: Decimal | None = None  # on add only


@dataclass(frozen=True)
class StockLevel:
    sku: str
    id: str | None
    qty: Decimal | None
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class StockWrite:
    sku: str
    qty: Decimal
    action: str = "modify"  # modify = absolute (idempotent); in/out are relative


@dataclass(frozen=True)
class ShopCategory:
    id: str
    name: str | None
    parent_id: str | None = None
    parent_tree: str | None = None

    @property
    def path(self) -> str:
        return f"{self.parent_tree}|{self.name}" if self.parent_tree else (self.name or "")


@dataclass(frozen=True)
class CategoryWrite:
    name: str
    action: str = "add"
    id: str | None = None
    parent_id: str | None = None
    parent_tree: str | None = None


@dataclass(frozen=True)
class ShopMethod:
    id: str
    name: str | None
    type: str | None  # payment | shipping
    subtype: str | None = None
    active: bool | None = None
    tax: Decimal | None = None


@dataclass(frozen=True)
class ShopOrderStatus:
    id: str
    name: str | None
    type: str | None
    invoice_status: str | None = None


@dataclass(frozen=True)
class ItemResult:
    """One item of a set call: ``key`` is how we sent it (SKU, order key, category name)."""

    key: str
    status: str  # ok | error | not_reached | held_back
    id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class SetResult:
    items: tuple[ItemResult, ...]

    @property
    def processed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "ok"]

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status in ("error", "held_back")]

    @property
    def not_reached(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "not_reached"]
