"""Images from users, files and shops: a decompression bomb and an oversized photo are refused in
Hungarian before any pixel is decoded; a sound image passes."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from app.errors import ValidationError
from app.output.product_images import MAX_PIXELS, check_image


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width``×``height`` in its header and carries (almost) no pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_a_bomb_is_refused_with_a_hungarian_message() -> None:
    bomb = _png_header_only(20000, 20000)
    assert len(bomb) < 100
    with pytest.raises(ValidationError, match="A kép túl nagy \\(BOMBA-1\\): legfeljebb 40 megapixeles"):
        check_image(bomb, label="BOMBA-1")


def test_a_photo_over_the_pixel_limit_is_refused_before_decoding() -> None:
    side = int(MAX_PIXELS**0.5) + 10  # under Pillow's own limit, over ours
    with pytest.raises(ValidationError, match="túl nagy"):
        check_image(_png_header_only(side, side))


def test_a_sound_image_passes() -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, "PNG")
    checked = check_image(out.getvalue())
    assert (checked.width, checked.height, checked.mime_type) == (40, 30, "image/png")
