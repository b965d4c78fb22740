"""Shop images over plain HTTP: only web addresses, a size cap read as the bytes arrive."""

from __future__ import annotations

import base64

import pytest

from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.unas.errors import UnasError
from app.unas.images import download_image


def test_an_image_is_downloaded_whole_and_a_large_or_missing_one_is_refused() -> None:
    data = generate(products=1, orders=0, seed=2, customers=1)
    sandbox = SandboxServer(ShopState(data)).start()
    try:
        product = data.products[0]
        url = f"http://127.0.0.1:{sandbox.port}/img/{product['sku']}.{product['image']['ext']}"
        assert download_image(url) == base64.b64decode(product["image"]["data"])
        with pytest.raises(UnasError, match="nagyobb, mint"):
            download_image(url, max_bytes=10)
        with pytest.raises(UnasError, match=r"nem tölthető le \(404\)"):
            download_image(f"http://127.0.0.1:{sandbox.port}/img/NINCS.png")
    finally:
        sandbox.stop()
    with pytest.raises(UnasError, match="nem webcím"):
        download_image("file:///etc/passwd")
