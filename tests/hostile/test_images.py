"""Pictures a hostile file or shop gives as a product image: each refused in Hungarian before any
pixel is decoded, and the product is not half-saved."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.db.catalog import Product
from app.db.database import Database
from app.errors import ValidationError
from app.services.products import ProductInput, create_product


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` and has no pixels (74 bytes for a bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = b"IDAT" + zlib.compress(b"")
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat) - 4) + idat + struct.pack(">I", zlib.crc32(idat))
        + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    )  # fmt: skip


def _picture(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def _broken_crc() -> bytes:
    good = bytearray(_picture("PNG"))
    good[29] ^= 0xFF  # IHDR's CRC
    return bytes(good)


# (case, the bytes, what the message says)
HOSTILE_IMAGES = [
    ("decompression bomb 20000x20000", _png_header(20_000, 20_000), "túl nagy"),
    ("41 megapixels", _png_header(8_000, 5_200), "túl nagy"),
    ("truncated jpeg", _picture("JPEG", (400, 300))[:600], "nem olvasható"),
    ("gif", _picture("GIF"), "GIF"),
    ("bmp", _picture("BMP"), "BMP"),
    ("webp", _picture("WEBP"), "WEBP"),
    ("svg text", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "nem olvasható"),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "nem olvasható"),
    ("png with a broken checksum", _broken_crc(), "nem olvasható"),
]


@pytest.mark.parametrize("data", [c[1] for c in HOSTILE_IMAGES], ids=[c[0] for c in HOSTILE_IMAGES])
def test_a_hostile_picture_is_refused_and_the_product_is_not_half_saved(
    db: Database, data: bytes, request: pytest.FixtureRequest
) -> None:
    message = next(c[2] for c in HOSTILE_IMAGES if c[1] == data)
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        create_product(s, ProductInput(code="KEP-1", name="Képes", gross_price=None, image=data))
    assert message in refused.value.user_message, refused.value.user_message
    assert "KEP-1" in refused.value.user_message
    with db.reading() as s:
        assert s.scalar(select(func.count(Product.id))) == 0
