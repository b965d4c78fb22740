"""Product images: only real JPEG and PNG files, recognised by content, never by file name."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from app.errors import ValidationError

ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png"}
# Larger images are scaled down on save: UNAS shows product images far smaller than this,
# and the database and every sync would otherwise carry camera-sized files (pixels per side).
MAX_SIDE = 2000
# Decoding a bigger image takes hundreds of MB; a shop photo is far smaller.
MAX_PIXELS = 40_000_000
THUMBNAIL_SIDE = 160


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    mime_type: str
    width: int
    height: int
    sha256: str


def check_image(data: bytes, *, label: str = "") -> CheckedImage:
    """Verify that ``data`` is a JPEG or PNG and return it ready to store (downscaled if huge)."""
    what = f" ({label})" if label else ""
    too_big = (
        f"A kép túl nagy{what}: legfeljebb {MAX_PIXELS // 1_000_000} megapixeles JPG vagy PNG képet lehet "
        "megadni. Kicsinyítse le, és válassza ki újra."
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            width, height = probe.size  # from the header: nothing decoded yet
            probe.verify()
    except Image.DecompressionBombError as exc:
        # A few bytes that claim billions of pixels: refused before any pixel is decoded.
        raise ValidationError(too_big, repr(exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            f"A kiválasztott fájl nem olvasható képként{what}. Csak JPG vagy PNG képet lehet megadni.",
            repr(exc),
        ) from exc
    if fmt not in ACCEPTED:
        raise ValidationError(
            f"A kép formátuma {fmt or 'ismeretlen'}{what}, de csak JPG vagy PNG képet lehet megadni "
            "(a fájl kiterjesztése nem számít, a tartalma igen).",
            f"format={fmt}",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(too_big, f"{width}x{height}")
    # verify() leaves the image unusable; open again to read pixels.
    with Image.open(io.BytesIO(data)) as opened:
        img: Image.Image = opened
        try:
            img.load()
        except OSError as exc:
            raise ValidationError(f"A kép sérült vagy csonka{what}.", repr(exc)) from exc
        if max(img.size) > MAX_SIDE:
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if fmt == "JPEG":
                img.convert("RGB").save(out, "JPEG", quality=90)
            else:
                img.save(out, "PNG", optimize=True)
            data = out.getvalue()
        width, height = img.size
    return CheckedImage(data, ACCEPTED[fmt], width, height, hashlib.sha256(data).hexdigest())


def thumbnail_png(data: bytes, side: int = THUMBNAIL_SIDE) -> bytes:
    with Image.open(io.BytesIO(data)) as opened:
        img: Image.Image = ImageOps.exif_transpose(opened)
        img.thumbnail((side, side))
        out = io.BytesIO()
        img.save(out, "PNG")
        return out.getvalue()
