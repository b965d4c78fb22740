"""An issued invoice as it was issued: everything printed and reported, frozen at issue.

The PDF and the NAV InvoiceData XML are both made from this record, never from today's company
data or customer card: a later print of an old invoice shows what the original showed. It is
stored with the invoice as JSON (``to_json``/``from_json``, versioned) and never changes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

SNAPSHOT_VERSION = 1

KIND_INVOICE = "invoice"
KIND_STORNO = "storno"
KIND_MODIFICATION = "modification"
TITLES = {
    KIND_INVOICE: "Számla",
    KIND_STORNO: "Sztornó számla",
    KIND_MODIFICATION: "Helyesbítő számla",
}


@dataclass(frozen=True)
class Party:
    name: str
    country: str = "HU"
    postal_code: str = ""
    city: str = ""
    street: str = ""
    tax_number: str = ""
    eu_tax_number: str = ""
    bank_account: str = ""
    email: str = ""
    phone: str = ""
    vat_status: str = "normal"  # the seller's: normal | aam | cash_accounting

    @property
    def address(self) -> str:
        line = f"{self.postal_code} {self.city}, {self.street}".strip(" ,")
        return line if self.country in ("", "HU") else f"{line}, {self.country}"


@dataclass(frozen=True)
class SnapshotLine:
    number: int  # lineNumber on this document, from 1
    reference: int | None  # lineNumberReference (corrections: the number in the whole chain)
    role: str  # goods | service | discount | shipping | handling
    product_code: str  # printed for goods only
    name: str
    quantity: Decimal
    unit: str
    unit_price_net: Decimal  # net unit price, as many decimals as it takes
    unit_price_gross: Decimal | None  # gross-priced lines: the price the buyer saw
    vat_code: str
    vat_percent: Decimal
    vat_kind: str  # normal | exempt | out_of_scope
    net: Decimal
    vat: Decimal
    gross: Decimal
    net_huf: Decimal
    vat_huf: Decimal
    gross_huf: Decimal
    is_product: bool = True  # NAV lineNatureIndicator PRODUCT / SERVICE


@dataclass(frozen=True)
class VatRow:
    code: str
    percent: Decimal
    kind: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    net_huf: Decimal
    vat_huf: Decimal
    gross_huf: Decimal


@dataclass(frozen=True)
class InvoiceSnapshot:
    kind: str
    number: str
    issue_date: date
    fulfilment_date: date
    due_date: date
    payment_method: str
    payment_code: str  # NAV: TRANSFER | CASH | CARD | VOUCHER | OTHER
    currency: str
    exchange_rate: Decimal
    seller: Party
    buyer: Party
    buyer_status: str  # NAV: PRIVATE_PERSON | DOMESTIC | OTHER
    appearance: str  # NAV: PAPER | ELECTRONIC | UNKNOWN
    lines: tuple[SnapshotLine, ...]
    vat_rows: tuple[VatRow, ...]
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal
    net_total_huf: Decimal
    vat_total_huf: Decimal
    gross_total_huf: Decimal
    rounding: Decimal = Decimal(0)  # cash payment: 0/5 Ft
    header_note: str = ""
    exchange_rate_source: str = ""  # "MNB", "bank", "webáruház" … (foreign currency only)
    exchange_rate_date: date | None = None
    is_test: bool = False
    original_number: str | None = None  # corrections: the invoice they correct
    original_issue_date: date | None = None
    modification_index: int | None = None
    texts: tuple[str, ...] = ()  # legal texts: exemption grounds, pénzforgalmi elszámolás …
    # Invoices issued before snapshots existed: made from their stored rows when migrated.
    reconstructed: bool = False
    version: int = SNAPSHOT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def payable(self) -> Decimal:
        return self.gross_total + self.rounding

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def is_correction(self) -> bool:
        return self.kind != KIND_INVOICE

    def to_json(self) -> str:
        return json.dumps(_plain(asdict(self)), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> InvoiceSnapshot:
        raw = json.loads(text)
        if raw.get("version", 1) != SNAPSHOT_VERSION:
            raise ValueError(f"unknown invoice snapshot version {raw.get('version')}")
        return _build(cls, raw)


# --- JSON without losing a fillér ------------------------------------------------------------
# Decimals are written as strings, dates as ISO strings; reading follows the field types.


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


_NESTED: dict[str, type] = {"seller": Party, "buyer": Party}


def _build(cls: type, raw: dict[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in raw:
            continue
        value = raw[f.name]
        kind = str(f.type)
        if f.name in _NESTED:
            value = _build(_NESTED[f.name], value)
        elif f.name == "lines":
            value = tuple(_build(SnapshotLine, v) for v in value)
        elif f.name == "vat_rows":
            value = tuple(_build(VatRow, v) for v in value)
        elif f.name == "texts":
            value = tuple(value)
        elif value is not None and "Decimal" in kind:
            value = Decimal(value)
        elif value is not None and kind.startswith("date"):
            value = date.fromisoformat(value)
        values[f.name] = value
    return cls(**values)
