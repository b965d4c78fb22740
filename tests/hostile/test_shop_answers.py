"""What a hostile shop server on 127.0.0.1 may answer, through `bolthid sync orders`: every case
is a Hungarian message, and nothing of a refused answer or order is written."""

from __future__ import annotations

import base64
import copy
import io
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.catalog import Product
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopData, ShopState
from tests.sync.test_order_sync import _line, _place

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
    + b"]><Orders><Order><Key>&i;</Key></Order></Orders>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Orders><Order><Key>&x;</Key></Order></Orders>'

# (case, fault kind, fault text, what the message says)
HOSTILE_ANSWERS = [
    ("html page", "body", b"<html><body>502 Bad Gateway</body></html>", "webáruház"),
    ("not xml at all", "body", b"\x00\x01\x02 binary junk \xff", "webáruház"),
    ("empty body", "body", b"", "webáruház"),
    (
        "bytes that are not utf-8",
        "body",
        b'<?xml version="1.0" encoding="UTF-8"?><Orders>\xff\xfe</Orders>',
        "webáruház",
    ),
    ("billion laughs", "body", BILLION_LAUGHS, "webáruház"),
    ("xxe", "body", XXE, "webáruház"),
    ("external dtd", "body", b'<!DOCTYPE Orders SYSTEM "http://127.0.0.1:9/x.dtd"><Orders/>', "webáruház"),
    (
        "11 MB text node",
        "body",
        b"<Orders><Order><Key>" + b"k" * (11 * 2**20) + b"</Key></Order></Orders>",
        "webáruház",
    ),
    ("character reference to NUL", "body", b"<Orders><Order><Key>&#0;</Key></Order></Orders>", "webáruház"),
    ("nesting 100000 deep", "body", b"<a>" * 100_000 + b"</a>" * 100_000, "webáruház"),
    ("truncated answer", "truncate", b"", "webáruház"),
    ("http 500", "http500", b"", "webáruház"),
    ("redirect loop", "redirect", b"", "átirányít"),
    ("redirect to a file", "redirect", b"file:///etc/passwd", "átirányít"),
    ("ban till 9999", "error_text", b"Too many requests. Banned until 12.31.9999 23:59:59", "tilt"),
    ("unreadable ban", "error_text", b"Banned until: holnap reggel \xc3\xa9n", "tilt"),
    ("unknown error text", "error_text", "Ismeretlen hiba \u202e történt".encode(), "webáruház"),
]


@pytest.fixture(scope="module")
def base_data() -> ShopData:
    return generate(products=8, orders=0, seed=21, customers=3)


@pytest.fixture
def sandbox(base_data: ShopData) -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(copy.deepcopy(base_data))).start()
    yield server
    server.stop()


def _connect(db: Database, sandbox: SandboxServer, bolthid, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("sandbox-api-key\n"))
    added = bolthid(
        "--db",
        db.url,
        "shop",
        "add",
        "Bolt",
        "--api-key",
        "-",
        "--url",
        sandbox.base_url,
        "--since",
        "2020-01-01",
    )
    assert added.code == 0, added.text


def _orders(db: Database) -> int:
    with db.reading() as s:
        return (
            s.scalar(select(func.count(Document.id)).where(Document.kind == DocumentKind.CUSTOMER_ORDER)) or 0
        )


@pytest.mark.bans_on_purpose
@pytest.mark.parametrize(
    ("kind", "text", "message"), [c[1:] for c in HOSTILE_ANSWERS], ids=[c[0] for c in HOSTILE_ANSWERS]
)
def test_a_hostile_answer_is_a_message_and_writes_nothing(
    db: Database,
    sandbox: SandboxServer,
    bolthid,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    text: bytes,
    message: str,
) -> None:
    _connect(db, sandbox, bolthid, monkeypatch)
    _place(sandbox, [_line("DEMO-0001", "Bögre", "1", "2540")])
    encoded = base64.b64encode(text).decode() if kind == "body" else text.decode(errors="replace")
    sandbox.inject(kind, count=100, text=encoded)
    result = bolthid("--db", db.url, "sync", "orders")
    assert result.code != 0, result.text
    assert message in result.text.lower() or message in result.text, result.text
    assert _orders(db) == 0
    assert "/etc/passwd" not in result.out or kind == "redirect"
    assert "root:" not in result.text


def _customer(**invoice: Any) -> dict[str, Any]:
    base = {
        "Name": "Vendég Vilma",
        "ZIP": "1111",
        "City": "Budapest",
        "Street": "Fő u. 1.",
        "CountryCode": "hu",
    }
    return {
        "id": None,
        "email": invoice.pop("email", "vendeg@example.hu"),
        "name": invoice.get("Name", "Vendég Vilma"),
        "invoice": {**base, "CustomerType": "private", **invoice},
        "shipping": {**base, **invoice},
    }


# (case, the order's lines, its customer, what the held order's message says)
HOSTILE_ORDERS = [
    ("quantity -5", [_line("DEMO-0001", "Bögre", "-5", "2540")], None, "a mennyiség -5"),
    ("quantity 0", [_line("DEMO-0001", "Bögre", "0", "2540")], None, "a mennyiség 0"),
    (
        "quantity 4 decimals",
        [_line("DEMO-0001", "Bögre", "1.0005", "2540")],
        None,
        "legfeljebb 3 tizedesjegyű",
    ),
    ("quantity 1e12", [_line("DEMO-0001", "Bögre", "1000000000000", "2540")], None, "mennyiség túl nagy"),
    (
        "price NaN",
        [{**_line("DEMO-0001", "Bögre", "1", "2540"), "price_gross": "NaN", "price_net": "NaN"}],
        None,
        "nettó ár nem szám",
    ),
    (
        "price 1e-10",
        [
            {
                **_line("DEMO-0001", "Bögre", "1", "2540"),
                "price_gross": "0.0000000001",
                "price_net": "0.0000000001",
            }
        ],
        None,
        "legfeljebb 4 tizedesjegyű",
    ),
    (
        "price 1e15",
        [{**_line("DEMO-0001", "Bögre", "1", "2540"), "price_gross": "1e15", "price_net": "1e15"}],
        None,
        "ár túl nagy",
    ),
    (
        "product name 10000 chars",
        [_line("UJ-1", "N" * 10_000, "1", "100")],
        None,
        "megnevezés legfeljebb 300",
    ),
    ("product code 300 chars", [_line("U" * 300, "Új", "1", "100")], None, "termékkód legfeljebb 100"),
    (
        "customer name 10000 chars",
        [_line("DEMO-0001", "Bögre", "1", "2540")],
        _customer(Name="V" * 10_000),
        "legfeljebb 200 karakter",
    ),
    (
        "customer e-mail 1000 chars",
        [_line("DEMO-0001", "Bögre", "1", "2540")],
        _customer(email="v" * 1000 + "@x.hu"),
        "e-mail",
    ),
]


@pytest.mark.parametrize(
    ("items", "customer", "message"), [c[1:] for c in HOSTILE_ORDERS], ids=[c[0] for c in HOSTILE_ORDERS]
)
def test_an_impossible_order_is_held_with_its_field_named_and_the_good_one_comes_in(
    db: Database,
    sandbox: SandboxServer,
    bolthid,
    monkeypatch: pytest.MonkeyPatch,
    items: list[dict[str, Any]],
    customer: dict[str, Any] | None,
    message: str,
) -> None:
    _connect(db, sandbox, bolthid, monkeypatch)
    bad = _place(sandbox, items, customer=customer)
    good = _place(sandbox, [_line("DEMO-0003", "Kanál", "2", "500")])
    result = bolthid("--db", db.url, "sync", "orders")
    assert bad["key"] in result.text and message in result.text, result.text
    assert _orders(db) == 1, result.text
    assert good["key"] not in result.err
    with db.reading() as s:
        codes = set(s.scalars(select(Product.code)))
    assert "UJ-1" not in codes and not any(len(c) > 100 for c in codes)
