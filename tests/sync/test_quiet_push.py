"""The 5-minute tick's product push: while the catalog revision stands where a push found every field
sent, only the stock is compared – and every kind of change a push sends raises the revision, so the
tick never misses one. On both databases, migrated as the program migrates them."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from sqlalchemy import event, update

from app.credentials import CredentialStore
from app.db import catalog_revision
from app.db.catalog import Category, Product, ProductCategory, Unit, VatRate
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.db.shops import Shop
from app.sandbox.server import SandboxServer
from app.services import products as product_service
from app.sync import shops
from app.sync.product_sync import ProductSyncReport, push_products
from tests.sync.test_product_sync import _add_shop, _category_path, _product, _receive, _shop


def _tick(db: Database, creds: CredentialStore, shop_id: int) -> ProductSyncReport:
    return push_products(db, shop_id, shops.shop_client(db, creds, shop_id), confirmed=True, quick=True)


def _revision(db: Database) -> int:
    with db.reading() as s:
        value = catalog_revision.current(s)
    assert value is not None
    return value


def _settled(db: Database, creds: CredentialStore, sandbox: SandboxServer) -> tuple[int, int]:
    """A shop whose products were pushed and then found fully sent by one tick."""
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "CSENDES-1", categories=["Konyha|Bögrék", "Akció"])
    _receive(db, pid, "5")
    assert _tick(db, creds, shop_id).created == 1
    assert _tick(db, creds, shop_id).errors == []  # compares all fields once, records the revision
    with db.reading() as s:
        assert s.get(Shop, shop_id).fields_checked_revision == catalog_revision.current(s)  # type: ignore[union-attr]
    return shop_id, pid


def test_every_table_a_push_reads_raises_the_revision(db: Database) -> None:
    with db.engine.connect() as conn:
        assert catalog_revision.installed_triggers(conn) == catalog_revision.trigger_names()
    pid = _product(db, "REV-1")
    changes = [
        update(Product).where(Product.id == pid).values(name="Új név"),
        update(Product).where(Product.id == pid).values(gross_price=D("999")),
        update(Product).where(Product.id == pid).values(webshop=False),
        update(Unit).values(name=Unit.name + "x"),
        update(VatRate).values(percent=VatRate.percent),
        update(Category).values(path=Category.path + "!"),
        update(ProductCategory).where(ProductCategory.product_id == pid).values(position=7),
        update(ShopProductLink).values(fields_hash="x"),  # (no rows: raises nothing)
    ]
    for statement in changes:
        before = _revision(db)
        with db.transaction() as s:
            count = s.execute(statement).rowcount  # type: ignore[attr-defined]
        assert (_revision(db) > before) == (count > 0), statement
    # What a push does not send raises nothing: the purchase price, the picking location.
    before = _revision(db)
    with db.transaction() as s:
        s.execute(update(Product).where(Product.id == pid).values(purchase_price=D(5), location="A-1"))
    assert _revision(db) == before
    # A rolled-back change leaves the revision as it was.
    try:
        with db.transaction() as s:
            s.execute(update(Product).where(Product.id == pid).values(name="Visszavont"))
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    assert _revision(db) == before


def test_a_quiet_tick_reads_no_product_and_still_sends_a_stock_change(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id, pid = _settled(db, creds, sandbox)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        quiet = _tick(db, creds, shop_id)
        assert quiet.complete and quiet.errors == [] and not quiet.touched
        # No statement reads the products' fields (their categories, their links one by one).
        assert not any("product_categories" in s for s in statements), statements
        _receive(db, pid, "2")
        statements.clear()
        moved = _tick(db, creds, shop_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert moved.stock == 1 and moved.updated == 0
    assert D(_shop(sandbox, "CSENDES-1")["qty"]) == 7


def test_a_field_changed_by_any_writer_is_sent_by_the_next_tick(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id, pid = _settled(db, creds, sandbox)
    # The name by the product form, as the user saves it.
    form = product_service.ProductInput(
        code="CSENDES-1",
        name="Átnevezett bögre",
        gross_price=D("12700"),
        categories=["Konyha|Bögrék", "Akció"],
        note="Hosszú leírás: CSENDES-1",
        webshop=True,
    )
    with db.transaction() as s:
        product_service.update_product(s, pid, form)
    assert _tick(db, creds, shop_id).updated == 1
    assert _shop(sandbox, "CSENDES-1")["name"] == "Átnevezett bögre"
    _tick(db, creds, shop_id)  # the push's own link write: compared once more, nothing sent
    # The category order by a raw statement, as a script would: Akció becomes the main category.
    with db.transaction() as s:
        s.execute(
            update(ProductCategory)
            .where(ProductCategory.product_id == pid)
            .values(position=-ProductCategory.position)
        )
    assert _tick(db, creds, shop_id).updated == 1
    assert _category_path(sandbox, _shop(sandbox, "CSENDES-1")["categories"][0]) == "Akció"


def test_a_button_click_compares_every_field_whatever_the_revision(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    """The safety net: a link changed behind the triggers' back (here: the revision put back by
    hand) is not seen by the tick, but Termék szinkron compares everything."""
    shop_id, pid = _settled(db, creds, sandbox)
    revision = _revision(db)
    with db.transaction() as s:
        s.execute(update(Product).where(Product.id == pid).values(name="Kézzel átírt"))
    with db.transaction() as s:
        s.execute(update(catalog_revision.CatalogRevision).values(revision=revision))
    assert _tick(db, creds, shop_id).updated == 0
    full = push_products(db, shop_id, shops.shop_client(db, creds, shop_id), confirmed=True)
    assert full.updated == 1
    assert _shop(sandbox, "CSENDES-1")["name"] == "Kézzel átírt"
