"""getStock and setStock; `modify` sets the absolute quantity, so a repeated call cannot double-count."""

from __future__ import annotations

from collections.abc import Sequence

from app.unas import limits, xml_codec
from app.unas.client import UnasClient
from app.unas.records import SetResult, StockLevel, StockWrite
from app.unas.xml_codec import Element, add, text


def get_stock(client: UnasClient, skus: Sequence[str]) -> list[StockLevel]:
    body = xml_codec.new_root("Params")
    add(body, "Sku", ",".join(skus))
    answer = client.call("getStock", body, limits.bucket_for("getStock", single=len(skus) == 1))
    out = []
    for product in answer.iterfind("Product"):
        sku = text(product, "Sku") or ""
        for stock in product.iterfind("Stocks/Stock") or []:
            out.append(
                StockLevel(
                    sku,
                    text(product, "Id"),
                    xml_codec.decimal(stock, "Qty"),
                    tuple(v.text.strip() for v in stock.iterfind("Variants/Variant") if v.text),
                )
            )
        if product.find("Stocks/Stock") is None:
            out.append(StockLevel(sku, text(product, "Id"), None))
    return out


def stock_write_xml(write: StockWrite) -> Element:
    el = xml_codec.new_root("Product")
    add(el, "Action", write.action)
    add(el, "Sku", write.sku)
    stock = xml_codec.group(xml_codec.group(el, "Stocks"), "Stock")
    # Qty 0 is a real value here (sold out) and must be sent.
    stock_qty = xml_codec.group(stock, "Qty")
    stock_qty.text = xml_codec.format_decimal(write.qty)
    return el


def set_stock(client: UnasClient, writes: Sequence[StockWrite]) -> tuple[SetResult, Exception | None]:
    return client.set_items(
        "setStock", "Products", [(w.sku, stock_write_xml(w)) for w in writes], answer_key="Sku"
    )
