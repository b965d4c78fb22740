"""A product push before and after: the plan (which products would be created in the shop, which
shop products with the same SKU overwritten; the first push to a shop is confirmed) and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.db.shops import Shop
from app.sync.product_data import LocalProduct, load_webshop_products
from app.sync.sync_log import Event
from app.unas import products as unas_products
from app.unas.client import UnasClient
from app.unas.records import ShopProduct

# More unlinked products than this: list the whole shop instead of asking by SKU.
LOOKUP_BY_SKU_MAX = 500


@dataclass
class PushPlan:
    """What a push would do before anything is sent; the first push to a shop is confirmed."""

    shop_id: int
    shop_name: str
    first_push: bool
    create: list[str] = field(default_factory=list)
    overwrite: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)
    found: dict[str, ShopProduct] = field(default_factory=dict)  # lower-case SKU → shop product
    # The Webáruházas products as the plan read them (a push made at once reuses them).
    local: list[LocalProduct] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return self.first_push and bool(self.create or self.overwrite)

    def preview_text(self, limit: int = 20) -> str:
        lines = [f"Első termékküldés a(z) {self.shop_name} webáruházba."]
        for title, codes in (
            ("Új termék jön létre a webáruházban", self.create),
            ("Meglévő webáruházas termék adatait felülírjuk (azonos cikkszám)", self.overwrite),
        ):
            if codes:
                shown = ", ".join(codes[:limit]) + (
                    f" … (+{len(codes) - limit})" if len(codes) > limit else ""
                )
                lines.append(f"{title}: {len(codes)} db – {shown}")
        if self.invalid:
            lines.append(f"Nem küldhető (hibás termékkód): {len(self.invalid)} db")
        return "\n".join(lines)


def plan_push(db: Database, shop_id: int, client: UnasClient) -> PushPlan:
    """Link-aware plan: which products would be created and which shop products overwritten."""
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        plan = PushPlan(shop_id, shop.name, first_push=shop.products_pushed_at is None)
        local = plan.local = load_webshop_products(session)
        linked = _shop_linked_ids(session, shop_id)
    unlinked = []
    for product in local:
        problem = product.sku_problem
        if problem:
            plan.invalid.append((product.code, problem))
        elif product.id not in linked:
            unlinked.append(product.code)
    plan.found = _look_up_in_shop(client, unlinked)
    for code in unlinked:
        (plan.overwrite if code.lower() in plan.found else plan.create).append(code)
    return plan


def _shop_linked_ids(session: Session, shop_id: int) -> set[int]:
    return set(
        session.scalars(
            select(ShopProductLink.product_id).where(
                ShopProductLink.shop_id == shop_id, ShopProductLink.shop_product_id.is_not(None)
            )
        )
    )


def _look_up_in_shop(client: UnasClient, codes: Sequence[str]) -> dict[str, ShopProduct]:
    if not codes:
        return {}
    if len(codes) > LOOKUP_BY_SKU_MAX:
        found = unas_products.get_products(client, unas_products.ProductQuery(content_type="normal"))
    else:
        found = []
        for start in range(0, len(codes), LOOKUP_BY_SKU_MAX):
            chunk = codes[start : start + LOOKUP_BY_SKU_MAX]
            found += unas_products.get_products(
                client, unas_products.ProductQuery(skus=chunk, content_type="normal")
            )
    wanted = {c.lower() for c in codes}
    return {p.sku.lower(): p for p in found if p.sku.lower() in wanted and p.state == "live"}


@dataclass
class ProductSyncReport:
    shop: str
    created: int = 0
    updated: int = 0
    images: int = 0
    stock: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (product code, Hungarian reason)
    messages: list[str] = field(default_factory=list)
    complete: bool = True
    needs_confirmation: bool = False
    plan: PushPlan | None = None
    touched: set[int] = field(default_factory=set)  # products with anything pushed successfully
    events: list[Event] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.needs_confirmation:
            return "skipped"
        if not self.complete:
            return "partial"
        return "error" if self.errors else "ok"

    def summary(self) -> str:
        if self.needs_confirmation:
            return f"{self.shop}: az első termékküldés megerősítésre vár."
        # The word matches what happened: never "sikeresen" beside an error.
        if not self.complete:
            head = "A termékek szinkronizálása nem ért végig (a következő futás folytatja)"
        elif not self.errors:
            head = "A termékek szinkronizálása sikeresen befejeződött"
        elif self.touched:
            head = "A termékek szinkronizálása részben sikerült"
        else:
            head = "A termékek szinkronizálása nem sikerült"
        text = f"{self.shop}: {head}: {len(self.touched)} termék frissítve"
        if self.errors:
            text += f", {len(self.errors)} hiba"
        return text
