"""The shop's registered customers (getCustomer) as our customers, before the first order sync:
matched and linked by the same rules as the buyers of orders, never duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db.database import Database
from app.db.partners import Customer
from app.db.shop_links import ShopCustomerLink
from app.sync.matching.customers import match_customer
from app.timeutil import utcnow
from app.unas import catalog
from app.unas.client import UnasClient
from app.unas.records import ShopOrder

PAGE = 500  # LimitNum: one multi-tier call


@dataclass(frozen=True)
class CustomerImportReport:
    seen: int
    created: int
    linked: int

    def summary(self) -> str:
        return f"{self.seen} regisztrált vevő a webáruházban: {self.created} új, {self.linked} összekapcsolva"


def import_customers(db: Database, shop_id: int, client: UnasClient) -> CustomerImportReport:
    found = [c for c in catalog.get_customers(client, limit_num=PAGE) if c.id]
    with db.transaction() as session:
        before = session.scalar(select(func.count()).select_from(Customer)) or 0
        links_before = (
            session.scalar(
                select(func.count()).select_from(ShopCustomerLink).where(ShopCustomerLink.shop_id == shop_id)
            )
            or 0
        )
        now = utcnow()
        for customer in found:
            # The order-buyer rules, fed with the customer alone (no order yet).
            match_customer(session, shop_id, ShopOrder(key="", date=now, customer=customer))
        created = (session.scalar(select(func.count()).select_from(Customer)) or 0) - before
        linked = (
            session.scalar(
                select(func.count()).select_from(ShopCustomerLink).where(ShopCustomerLink.shop_id == shop_id)
            )
            or 0
        ) - links_before
    return CustomerImportReport(len(found), created, linked)
