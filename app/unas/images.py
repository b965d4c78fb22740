"""Product images as the shop serves them on its public pages (the products' SefUrl).

No API call and no token: a plain HTTP GET of a public address, with a size cap read as the bytes
arrive (a server's Content-Length is not trusted) and a short timeout.
"""

from __future__ import annotations

import requests

from app.unas.errors import UnasError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 20


def download_image(
    url: str, *, session: requests.Session | None = None, max_bytes: int = MAX_IMAGE_BYTES
) -> bytes:
    if not url.lower().startswith(("https://", "http://")):
        raise UnasError(f"A kép címe nem webcím: {url}")
    getter = session or requests
    try:
        with getter.get(url, stream=True, timeout=TIMEOUT_SECONDS) as answer:
            if answer.status_code != 200:
                raise UnasError(f"A kép nem tölthető le ({answer.status_code}): {url}")
            chunks: list[bytes] = []
            size = 0
            for chunk in answer.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    limit = f"{max_bytes:,}".replace(",", " ")
                    raise UnasError(f"A kép nagyobb, mint {limit} bájt: {url}")
                chunks.append(chunk)
    except requests.RequestException as exc:
        raise UnasError(f"A kép nem tölthető le: {url} ({type(exc).__name__})") from exc
    return b"".join(chunks)
