"""Every endpoint we need, client ↔ sandbox, under the plain and each harsh reading."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from decimal import Decimal as D

from PIL import Image

from app.sandbox.server import SandboxServer
from app.timeutil import utcnow
from app.unas import catalog, orders, products, stock
from app.unas.client import UnasClient
from app.unas.records import CategoryWrite, OrderQuery, OrderUpdate, ProductImage, ProductWrite, StockWrite


def _png(color: tuple[int, int, int] = (200, 10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), color).save(out, "PNG")
    return out.getvalue()


def test_get_orders_all_and_filtered(client: UnasClient, sandbox: SandboxServer, reading: str) -> None:
    shop_orders = sandbox.state.data.orders
    got = orders.get_orders(client, OrderQuery())
    assert len(got) == len(shop_orders)
    assert {o.unas_key for o in got} == {o.get("internal_key") or o["key"] for o in shop_orders}
    billable = orders.get_orders(client, OrderQuery(invoice_status=1))
    assert billable and all(o.invoice_status == 1 for o in billable)
    one = shop_orders[3]
    [single] = orders.get_orders(client, OrderQuery(key=one["key"]))
    assert single.key == one["key"] and len(single.lines) == len(one["items"])
    # Never InvoiceAutoSet: reading orders does not mark them billed, whatever the reading.
    assert [o["invoice_status"] for o in shop_orders] == [
        o["invoice_status"] for o in sandbox.state.data.orders
    ]
    assert sum(1 for o in sandbox.state.data.orders if o["invoice_status"] == 2) < len(shop_orders)


def test_get_orders_by_modification_time(client: UnasClient, sandbox: SandboxServer) -> None:
    cutoff = utcnow() - timedelta(days=10)
    recent = orders.get_orders(client, OrderQuery(time_mod_start=cutoff))
    expected = {o["key"] for o in sandbox.state.data.orders if o["date_mod"] > cutoff.timestamp()}
    assert {o.key for o in recent} == expected


def test_paging_returns_every_order_once(client: UnasClient, sandbox: SandboxServer, reading: str) -> None:
    got = orders.get_orders(client, OrderQuery(), page_size=7)
    keys = [(o.unas_key, o.date) for o in got]
    assert len(keys) == len(set(keys))
    if reading == "unsorted":
        # Offset paging over an unsorted list cannot be trusted (sync pages by time windows).
        assert len(got) <= len(sandbox.state.data.orders)
    else:
        assert len(got) == len(sandbox.state.data.orders)


def test_marketplace_and_eur_orders(client: UnasClient) -> None:
    got = orders.get_orders(client, OrderQuery())
    assert any(o.is_marketplace for o in got)
    eur = [o for o in got if o.currency == "EUR"]
    assert eur and eur[0].exchange_value is not None


def test_set_order_writes_invoice_status_and_number(client: UnasClient, sandbox: SandboxServer) -> None:
    key = sandbox.state.data.orders[0]["key"]
    result, error = orders.set_orders(
        client,
        [
            OrderUpdate(key, invoice_status=2, invoice_number="SZ-2026-00001"),
            OrderUpdate("0000-0000000", invoice_status=2),
        ],
    )
    assert error is None
    assert result.items[0].status == "ok"
    assert result.items[1].status in ("error", "not_reached")
    [order] = orders.get_orders(client, OrderQuery(key=key))
    assert (order.invoice_status, order.invoice_number) == (2, "SZ-2026-00001")


def test_products_add_modify_delete(client: UnasClient, sandbox: SandboxServer) -> None:
    add = ProductWrite(
        "UJ-TERMEK_1",
        "add",
        name="Új termék – ő ű",
        unit="db",
        price_net=D(1000),
        price_gross=D(1270),
        base_category="Kert|Locsolás",
        description_long="<p>Hosszú</p>",
        stock_active=True,
        stock_qty=D(4),
    )
    bad = ProductWrite(
        "rossz kód!",
        "add",
        name="X",
        unit="db",
        price_net=D(1),
        price_gross=D(1),
        base_category="Kert|Locsolás",
    )
    missing = ProductWrite("NINCS-KAT", "add", name="Y", unit="db", price_net=D(1), price_gross=D(1))
    result, error = products.set_products(client, [add, bad, missing])
    # Under one root <Error> for the batch the client asks the shop which adds were done.
    assert error is None and result.items[0].status == "ok" and result.items[0].id
    assert all(i.status in ("error", "not_reached") for i in result.items[1:])
    [p] = products.get_products(client, products.ProductQuery(skus=["UJ-TERMEK_1"], content_type="normal"))
    assert (p.name, p.price_gross, p.vat, p.stock_qty, p.stock_active) == (
        "Új termék – ő ű",
        D(1270),
        "27%",
        D(4),
        True,
    )
    assert p.categories[0].name == "Kert|Locsolás" and p.description_long == "<p>Hosszú</p>"
    # A price-only modify leaves the description (shop-owned content) alone.
    products.set_products(client, [ProductWrite("UJ-TERMEK_1", price_net=D(2000), price_gross=D(2540))])
    [p] = products.get_products(client, products.ProductQuery(skus=["UJ-TERMEK_1"], content_type="normal"))
    assert p.price_net == D(2000) and p.description_long == "<p>Hosszú</p>"
    products.set_products(client, [ProductWrite("UJ-TERMEK_1", "delete")])
    assert products.get_products(client, products.ProductQuery(skus=["UJ-TERMEK_1"])) == []
    deleted = products.get_products(client, products.ProductQuery(skus=["UJ-TERMEK_1"], state="deleted"))
    assert deleted[0].state == "deleted"


def test_product_images(client: UnasClient, sandbox: SandboxServer, reading: str) -> None:
    first = ProductImage(_png(), filename="kep")
    add = ProductWrite(
        "KEPES",
        "add",
        name="Képes",
        image=first,
        unit="db",
        price_net=D(100),
        price_gross=D(127),
        base_category="Kert|Locsolás",
    )
    result, _ = products.set_products(client, [add])
    assert result.items[0].status == "ok"
    product = sandbox.state.product_by_sku("KEPES")
    assert product is not None
    if reading == "async_images":
        assert product["image"] is None  # scheduled, not there yet
        sandbox.advance(3)  # the shop's scheduled image import runs a few seconds later
        stock.get_stock(client, ["KEPES"])
    assert product["image"]["data"] == base64.b64encode(first.data).decode()
    # Without Images.Version a new image is ignored (the product already has one) …
    second = ProductImage(_png((0, 200, 0)))
    products.set_products(client, [ProductWrite("KEPES", image=second)])
    assert product["image"]["data"] == base64.b64encode(first.data).decode()
    # … with it, the image is replaced (and the shop counts the send against throttling).
    products.set_products(client, [ProductWrite("KEPES", image=ProductImage(second.data, version="2"))])
    if reading == "async_images":
        sandbox.advance(3)  # the shop's scheduled image import runs a few seconds later
        stock.get_stock(client, ["KEPES"])
    assert product["image"]["data"] == base64.b64encode(second.data).decode()
    assert product["image_version_sends"] == 1
    # A BMP is refused per item.
    bmp = io.BytesIO()
    Image.new("RGB", (4, 4)).save(bmp, "BMP")
    result, _ = products.set_products(
        client, [ProductWrite("KEPES", image=ProductImage(bmp.getvalue(), version="3"))]
    )
    assert result.items[0].status == "error" and "format" in (result.items[0].error or "")


def test_stock_modify_is_absolute_in_and_out_are_relative(client: UnasClient, sandbox: SandboxServer) -> None:
    for _ in range(2):  # a repeated absolute write cannot double-count
        stock.set_stock(client, [StockWrite("DEMO-0003", D(12))])
    assert stock.get_stock(client, ["DEMO-0003"])[0].qty == D(12)
    stock.set_stock(client, [StockWrite("DEMO-0003", D(5), "in"), StockWrite("DEMO-0003", D(2), "out")])
    levels = {level.sku: level for level in stock.get_stock(client, ["DEMO-0003", "DEMO-0004"])}
    assert levels["DEMO-0003"].qty == D(15) and set(levels) == {"DEMO-0003", "DEMO-0004"}


def test_categories(client: UnasClient, sandbox: SandboxServer) -> None:
    before = catalog.get_categories(client)
    assert "Szerszámok|Fúrógépek" in {c.path for c in before}
    result, _ = catalog.set_categories(
        client, [CategoryWrite("Akció"), CategoryWrite("Téli", parent_tree="Kert")]
    )
    assert [i.status for i in result.items] == ["ok", "ok"]
    paths = {c.path for c in catalog.get_categories(client)}
    assert {"Akció", "Kert|Téli"} <= paths and len(paths) == len(before) + 2


def test_methods_statuses_customers(client: UnasClient) -> None:
    payment = catalog.get_methods(client, "payment")
    assert payment and all(m.type == "payment" for m in payment)
    assert {m.type for m in catalog.get_methods(client)} == {"payment", "shipping"}
    statuses = catalog.get_order_statuses(client)
    assert {s.type for s in statuses} >= {"open_normal", "close_ok"}
    customers = catalog.get_customers(client)
    assert customers and all(c.email for c in customers)
    [one] = catalog.get_customers(client, email=customers[0].email)
    assert one.id == customers[0].id
