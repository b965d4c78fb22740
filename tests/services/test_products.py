"""Products: prices, categories, images, and the bad input a user must be told about."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.db.catalog import Product
from app.db.database import Database
from app.errors import ValidationError
from app.services import documents as docs
from app.services.products import ProductInput, create_product, delete_product, update_product


def _image(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def test_product_with_everything(db: Database) -> None:
    with db.transaction() as s:
        p = create_product(
            s,
            ProductInput(
                code="KABEL-2M",
                name="Kábel 2 m",
                gross_price=D(1270),
                vat_code="27%",
                purchase_price=D("512.5"),
                note="Hosszú leírás",
                categories=["Elektronika | Kábelek", "Akció"],
                webshop=True,
                image=_image("PNG"),
            ),
        )
    with db.reading() as s:
        stored = s.get(Product, p.id)
        assert stored is not None
        assert (stored.net_price, stored.gross_price) == (D("1000.0000"), D("1270.0000"))
        assert p.categories == ["Elektronika|Kábelek", "Akció"]
        assert p.image is not None and p.image.mime_type == "image/png" and p.image.width == 40


def test_duplicate_product_code_is_refused_with_a_message(db: Database) -> None:
    with db.transaction() as s:
        create_product(s, ProductInput(code="ABC-1", name="Első"))
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        create_product(s, ProductInput(code="abc-1", name="Második"))
    assert "termékkód már foglalt" in err.value.user_message and "Első" in err.value.user_message
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 1


def test_renaming_a_code_onto_another_is_refused(db: Database) -> None:
    with db.transaction() as s:
        create_product(s, ProductInput(code="A", name="A"))
        b = create_product(s, ProductInput(code="B", name="B"))
    with pytest.raises(ValidationError), db.transaction() as s:
        update_product(s, b.id, ProductInput(code="A", name="B"))
    with db.transaction() as s:
        update_product(s, b.id, ProductInput(code="B", name="B új"))  # its own code is fine


def test_bmp_renamed_to_jpg_is_refused_and_nothing_is_lost(db: Database) -> None:
    with db.transaction() as s:
        p = create_product(s, ProductInput(code="IMG", name="Képes", image=_image("JPEG")))
    bmp = _image("BMP")
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        update_product(s, p.id, ProductInput(code="IMG", name="Átnevezve", image=bmp))
    assert "BMP" in err.value.user_message and "JPG vagy PNG" in err.value.user_message
    with db.reading() as s:
        kept = s.get(Product, p.id)
        assert kept is not None and kept.name == "Képes" and kept.image is not None
        assert kept.image.mime_type == "image/jpeg"


def test_garbage_image_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        create_product(s, ProductInput(code="X", name="X", image=b"not an image at all"))
    assert "nem olvasható képként" in err.value.user_message


def test_huge_image_is_downscaled(db: Database) -> None:
    with db.transaction() as s:
        p = create_product(s, ProductInput(code="BIG", name="Nagy", image=_image("JPEG", (4000, 1000))))
    with db.reading() as s:
        img = s.get(Product, p.id).image  # type: ignore[union-attr]
        assert img is not None and (img.width, img.height) == (2000, 500)


def test_used_product_cannot_be_deleted(db: Database) -> None:
    with db.transaction() as s:
        p = create_product(s, ProductInput(code="U", name="Használt", gross_price=D(100)))
        docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(1), p.id)]))
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        delete_product(s, p.id)
    assert "nem törölhető" in err.value.user_message


def test_unknown_vat_code_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        create_product(s, ProductInput(code="V", name="V", vat_code="0%"))
    assert "Ismeretlen ÁFA-kulcs" in err.value.user_message


def test_amounts_stay_exact_in_the_database(db: Database) -> None:
    """Decimal in, the same Decimal out, on both backends; sums over the ledger too."""
    with db.transaction() as s:
        p = create_product(
            s, ProductInput(code="E", name="Pontos", net_price=D("0.1"), purchase_price=D("0.3333"))
        )
        for _ in range(10):
            docs.create_purchase_receipt(
                s, docs.DocumentInput(lines=[docs.LineInput(D("0.1"), p.id, unit_price=D("0.1"))])
            )
    from app.services.stock import stock_level

    with db.reading() as s:
        got = s.get(Product, p.id)
        assert got is not None and got.purchase_price == D("0.1000") and got.net_price == D("0.1000")
        assert stock_level(s, p.id).on_hand == D("1.000")


def test_a_code_with_an_invisible_character_is_the_same_code(db: Database) -> None:
    from app.errors import ValidationError
    from app.services.products import ProductInput, create_product
    from app.values.codes import clean_code

    assert clean_code("ABC\u200b-1\ufeff ") == "ABC-1"
    assert clean_code("A\u0301RU") == "ÁRU"  # a decomposed accent is the same letter
    with db.transaction() as s:
        product = create_product(s, ProductInput(code="ABC\u00ad-1", name="Puha kötőjeles"))
        assert product.code == "ABC-1"
    with pytest.raises(ValidationError, match="foglalt"), db.transaction() as s:
        create_product(s, ProductInput(code="ABC\u200b-1", name="Másik"))
