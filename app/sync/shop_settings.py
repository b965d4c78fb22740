"""Everything the Webáruházak dialog shows for one shop (no Qt); saving is ``shops.save_shop``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.credentials import CredentialStore
from app.db.catalog import PaymentMethod, Product, ShippingMethod, VatRate
from app.db.database import Database
from app.db.shops import Shop, ShopMapping, ShopStockWarehouse
from app.db.stock import Warehouse
from app.errors import ValidationError
from app.sync import shops
from app.sync.shops import ShopSettings
from app.unas.limits import budget_text
from app.unas.records import LoginInfo

# What the sync calls; a key without one of these cannot do its job (the dialog warns).
NEEDED_PERMISSIONS = (
    "getOrder",
    "setOrder",
    "getOrderStatus",
    "getMethod",
    "getProduct",
    "setProduct",
    "getStock",
    "setStock",
    "getCategory",
    "setCategory",
)
KIND_LABELS = {
    "vat": "ÁFA",
    "service": "Szolgáltatássor",
    "payment": "Fizetési mód",
    "shipping": "Szállítási mód",
}


@dataclass(frozen=True)
class MappingRow:
    id: int
    kind: str
    shop_value: str
    target: str  # our VAT code, method name or service product code
    role: str | None = None  # service lines: discount | voucher | shipping | handling | service


@dataclass
class ShopForm:
    shop_id: int | None
    settings: ShopSettings
    warehouses: list[tuple[int, str]]
    mappings: list[MappingRow]
    targets: dict[str, list[str]]  # kind → what it can be mapped to
    has_key: bool = False  # an API key is stored for this shop on this workstation


def load_shop_form(db: Database, credentials: CredentialStore, shop_id: int | None) -> ShopForm:
    with db.reading() as session:
        warehouses = [(w.id, w.name) for w in session.scalars(select(Warehouse).order_by(Warehouse.id))]
        targets = {
            "vat": list(
                session.scalars(select(VatRate.code).where(VatRate.active.is_(True)).order_by(VatRate.id))
            ),
            "payment": list(session.scalars(select(PaymentMethod.name).order_by(PaymentMethod.name))),
            "shipping": list(session.scalars(select(ShippingMethod.name).order_by(ShippingMethod.name))),
            "service": list(
                session.scalars(select(Product.code).where(Product.kind == "service").order_by(Product.code))
            ),
        }
        if shop_id is None:
            settings = ShopSettings(order_warehouse_id=warehouses[0][0] if warehouses else None)
            settings.stock_warehouse_ids = (
                [settings.order_warehouse_id] if settings.order_warehouse_id else []
            )
            return ShopForm(None, settings, warehouses, [], targets)
        shop = session.get(Shop, shop_id)
        if shop is None:
            raise ValidationError("A webáruház nem található.")
        settings = ShopSettings(
            name=shop.name,
            base_url=shop.base_url,
            billable_only=shop.billable_only,
            import_since=shop.import_since,
            order_warehouse_id=shop.order_warehouse_id,
            stock_warehouse_ids=list(
                session.scalars(
                    select(ShopStockWarehouse.warehouse_id).where(ShopStockWarehouse.shop_id == shop_id)
                )
            ),
            series_prefix=shop.series_prefix or "",
            write_back_invoices=shop.write_back_invoices,
            shipping_at_shop_rate=shop.shipping_at_shop_rate,
            auto_sync=shop.auto_sync,
            sync_interval_minutes=shop.sync_interval_minutes,
            is_test=shop.is_test,
            active=shop.active,
        )
        mappings = [
            _mapping_row(session, m)
            for m in session.scalars(
                select(ShopMapping)
                .where(ShopMapping.shop_id == shop_id)
                .order_by(ShopMapping.kind, ShopMapping.shop_value)
            )
        ]
        mappings += _unmapped_values(session, shop_id, {(m.kind, m.shop_value) for m in mappings})
    has_key = bool(shops.stored_api_key(db, credentials, shop_id))
    return ShopForm(shop_id, settings, warehouses, mappings, targets, has_key)


def _unmapped_values(session: Session, shop_id: int, known: set[tuple[str, str]]) -> list[MappingRow]:
    """VAT codes and synthetic order lines (gift …) that hold orders right now: offered as new rows
    for the user to map (read from the held links' technical detail)."""
    import re

    from app.db.shop_links import ShopOrderLink
    from app.sync.matching.mappings import normalize
    from app.sync.matching.services import UNMAPPED_DETAIL

    patterns = {"vat": r"unknown VAT code '(.*)'", "service": UNMAPPED_DETAIL + r" '(.*)'"}
    rows = []
    for detail in session.scalars(
        select(ShopOrderLink.detail).where(ShopOrderLink.shop_id == shop_id, ShopOrderLink.status == "held")
    ):
        for kind, pattern in patterns.items():
            found = re.search(pattern, detail or "")
            if found and (kind, normalize(found.group(1))) not in known:
                known.add((kind, normalize(found.group(1))))
                rows.append(MappingRow(0, kind, found.group(1), ""))
    return rows


def _mapping_row(session: Session, mapping: ShopMapping) -> MappingRow:
    model: Any
    column: Any
    model, column = {
        "vat": (VatRate, VatRate.code),
        "payment": (PaymentMethod, PaymentMethod.name),
        "shipping": (ShippingMethod, ShippingMethod.name),
        "service": (Product, Product.code),
    }[mapping.kind]
    target: str = session.scalar(select(column).where(model.id == mapping.local_id)) or "?"
    return MappingRow(mapping.id, mapping.kind, mapping.shop_value, target, mapping.role)


NEW_SERVICE = "(új szolgáltatás-termék)"


def save_mapping(
    db: Database, shop_id: int, kind: str, shop_value: str, target: str, role: str | None = None
) -> None:
    """One row of the Megfeleltetések tab; ``NEW_SERVICE`` makes a service product for the line."""
    from app.sync.matching.mappings import map_to_name
    from app.sync.matching.services import set_role

    with db.transaction() as session:
        if kind == "service" and target == NEW_SERVICE:
            target = _new_service_item(session, shop_value)
        map_to_name(session, shop_id, kind, shop_value, target)
        if kind == "service":
            set_role(session, shop_id, shop_value, role)


def _new_service_item(session: Session, shop_value: str) -> str:
    from decimal import Decimal

    from app.db.catalog import ProductKind
    from app.services import products as product_service

    code = ("WEB-" + "".join(c if c.isalnum() else "-" for c in shop_value.upper()))[:100]
    if session.scalar(select(Product.id).where(Product.code == code)) is None:
        product_service.create_product(
            session,
            product_service.ProductInput(
                code=code, name=f"Webáruház: {shop_value}", gross_price=Decimal(0), kind=ProductKind.SERVICE
            ),
        )
    return code


def connection_report(info: LoginInfo) -> tuple[str, list[str]]:
    """The Hungarian text the dialog shows after a successful login, and the missing permissions."""
    missing = [p for p in NEEDED_PERMISSIONS if p not in info.permissions]
    lines = [
        "A kapcsolat rendben van.",
        f"Webáruház: {info.webshop_name or info.shop_id or '?'}",
        f"Előfizetés: {info.subscription}",
        f"Óránkénti keret: {budget_text(info.subscription)}",
        "Engedélyek: " + (", ".join(info.permissions) or "(nincs)"),
    ]
    if missing:
        lines.append("Figyelem! A szinkronhoz hiányzó engedélyek: " + ", ".join(missing))
    return "\n".join(lines), missing
