"""The shop's registered customers (getCustomer) as our customers, before the first order sync:
matched and linked by the same rules as the buyers of orders, never duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
        before = _counts(session, shop_id)
        now = utcnow()
        for customer in found:
            # The order-buyer rules, fed with the customer alone (no order yet).
            match_customer(session, shop_id, ShopOrder(key="", date=now, customer=customer))
        after = _counts(session, shop_id)
    return CustomerImportReport(len(found), after[0] - before[0], after[1] - before[1])


def _counts(session: Session, shop_id: int) -> tuple[int, int]:
    """(customers, this shop's customer links)."""
    customers = session.scalar(select(func.count()).select_from(Customer)) or 0
    links = session.scalar(
        select(func.count()).select_from(ShopCustomerLink).where(ShopCustomerLink.shop_id == shop_id)
    )
    return customers, links or 0
