"""Products by code = SKU; a product the shop sells but we lack is created from the shop's data."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import func, select

from app.db.catalog import Product, VatRate
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.services import products as product_service
from app.sync.matching.products import create_from_shop, find_product, missing_skus
from app.unas.records import ProductCategoryRef, ShopProduct
from tests.sync.matching.records import add_test_shop, line


def _product(db: Database, code: str) -> int:
    with db.transaction() as s:
        return product_service.create_product(
            s, product_service.ProductInput(code=code, name=code, gross_price=D(1270))
        ).id


def test_codes_match_case_insensitively_and_trimmed(db: Database) -> None:
    pid = _product(db, "Bogre-Piros")
    with db.reading() as s:
        found = find_product(s, "  BOGRE-piros ")
        assert found is not None and found.id == pid
        assert find_product(s, "BOGRE-KEK") is None


def test_missing_skus_lists_only_what_we_lack(db: Database) -> None:
    _product(db, "VAN-1")
    with db.reading() as s:
        assert missing_skus(s, ["van-1", "NINCS-1", " ", "NINCS-2", "NINCS-1"]) == ["NINCS-1", "NINCS-2"]


def test_a_missing_product_is_created_from_the_shops_data_with_stock_not_yet_recorded(db: Database) -> None:
    shop_id = add_test_shop(db)
    shop_product = ShopProduct(
        id="555",
        sku="UJ-1",
        name="A bolt neve",
        unit="pár",
        price_net=D("1000"),
        price_gross=D("1270"),
        categories=(ProductCategoryRef(id="9", name="Ruha|Zokni", type="base"),),
    )
    with db.transaction() as s:
        vat = s.scalar(select(VatRate).where(VatRate.code == "27%"))
        assert vat is not None
        made = create_from_shop(
            s, shop_id, line("UJ-1", name="A rendelés neve", gross="999"), vat, shop_product
        )
        assert (made.name, made.unit.name, made.gross_price) == ("A bolt neve", "pár", D("1270"))
        assert made.webshop and not made.stock_recorded
        assert [link.category.path for link in made.category_links] == ["Ruha|Zokni"]
        link = s.scalar(select(ShopProductLink).where(ShopProductLink.product_id == made.id))
        assert link is not None and link.shop_product_id == "555"


def test_without_the_shops_data_the_order_line_describes_the_product(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        vat = s.scalar(select(VatRate).where(VatRate.code == "5%"))
        assert vat is not None
        made = create_from_shop(s, shop_id, line("KONYV-1", name="Könyv", gross="3150", vat="5%"), vat, None)
        assert (made.name, made.gross_price, made.vat_rate.code) == ("Könyv", D("3150"), "5%")
        assert s.scalar(select(func.count()).select_from(Product).where(Product.code == "KONYV-1")) == 1
