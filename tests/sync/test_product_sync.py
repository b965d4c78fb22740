"""Termék szinkron end to end: our Webáruházas products pushed to the sandbox over HTTP (SQLite, PostgreSQL).

Calls are counted on the sandbox side and the pushed data is read back from the sandbox's state.
"""

from __future__ import annotations

import base64
import copy
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.catalog import Product, ProductImage
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopData, ShopState
from app.services import documents as docs
from app.services import products as product_service
from app.sync import order_sync, shops
from app.sync.product_sync import ProductSyncReport
from app.sync.shop_sync import BOTH, ShopSyncReport, Trigger, sync_shop


@pytest.fixture(scope="module")
def base_data() -> ShopData:
    return generate(products=4, orders=0, seed=5, customers=2)


@pytest.fixture
def sandbox(base_data: ShopData) -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(copy.deepcopy(base_data))).start()
    yield server
    server.stop()


@pytest.fixture
def creds(tmp_path) -> CredentialStore:
    return CredentialStore(tmp_path, use_keyring=False)


def _image(fmt: str = "PNG", color: str = "red", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def _add_shop(db: Database, creds: CredentialStore, sandbox: SandboxServer) -> int:
    order_sync._status_cache.clear()
    return shops.add_shop(
        db,
        creds,
        shops.ShopSettings(name="Teszt bolt", base_url=sandbox.base_url, import_since=date.today()),
        "sandbox-api-key",
    )


def _product(db: Database, code: str, **kw: Any) -> int:
    data = product_service.ProductInput(
        code=code,
        name=kw.pop("name", f"Termék {code}"),
        gross_price=D(kw.pop("gross", "12700")),
        categories=kw.pop("categories", ["Konyha|Bögrék"]),
        note=kw.pop("note", f"Hosszú leírás: {code}"),
        webshop=kw.pop("webshop", True),
        **kw,
    )
    with db.transaction() as s:
        return product_service.create_product(s, data).id


def _receive(db: Database, product_id: int, qty: str) -> None:
    with db.transaction() as s:
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(quantity=D(qty), product_id=product_id, unit_price=D(100))]
            ),
        )


def _sync(db: Database, creds: CredentialStore, shop_id: int, **kw: Any) -> ShopSyncReport:
    """Termék szinkron through the one door: orders first, then the push."""
    kw.setdefault("confirmed", True)
    return sync_shop(db, creds, shop_id, BOTH, trigger=Trigger.BUTTON, **kw)


def _push(db: Database, creds: CredentialStore, shop_id: int, **kw: Any) -> ProductSyncReport:
    report = _sync(db, creds, shop_id, **kw)
    assert report.products is not None, report.summary()
    return report.products


def _shop_product(sandbox: SandboxServer, sku: str) -> dict[str, Any] | None:
    return sandbox.state.product_by_sku(sku)


def _shop(sandbox: SandboxServer, sku: str) -> dict[str, Any]:
    """A product that must be in the shop."""
    product = sandbox.state.product_by_sku(sku)
    assert product is not None, sku
    return product


def _category_path(sandbox: SandboxServer, category_id: int) -> str:
    category = sandbox.state.category(category_id)
    assert category is not None
    return sandbox.state.category_path(category)


def _set_calls(sandbox: SandboxServer, since: int = 0) -> list[dict[str, Any]]:
    return [c for c in sandbox.state.calls[since:] if c["endpoint"].startswith("set")]


def test_pushed_fields_equal_ours_and_shop_only_fields_survive(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    sandbox.state.product_by_sku("DEMO-0001")["short"] = "Csak a boltban írt rövid leírás"  # type: ignore[index]
    png = _image("PNG")
    new_id = _product(
        db, "BOGRE-1", name="Pöttyös bögre", gross="2540", image=png, categories=["Konyha|Bögrék", "Akció"]
    )
    existing_id = _product(db, "DEMO-0001", name="Átnevezett demó", gross="1000", categories=["Otthon"])
    _receive(db, new_id, "7")
    _receive(db, existing_id, "3")

    report = _push(db, creds, shop_id)

    assert report.errors == [] and report.complete, report
    assert (report.created, report.updated) == (1, 1)
    new = _shop_product(sandbox, "BOGRE-1")
    assert new is not None
    assert (new["name"], new["gross"], new["net"], new["vat"]) == ("Pöttyös bögre", "2540", "2000", "27%")
    assert _category_path(sandbox, new["categories"][0]) == "Konyha|Bögrék"
    assert new["long"] == "Hosszú leírás: BOGRE-1"
    assert base64.b64decode(new["image"]["data"]) == png and new["image"]["version"] is None
    assert (new["stock_active"], D(new["qty"])) == (True, D(7))
    old = _shop_product(sandbox, "DEMO-0001")
    assert old is not None
    assert (old["name"], old["gross"]) == ("Átnevezett demó", "1000")
    assert old["short"] == "Csak a boltban írt rövid leírás"  # shop-only content untouched
    assert D(old["qty"]) == D(3)
    assert _category_path(sandbox, old["categories"][0]) == "Otthon"
    with db.reading() as s:
        links = {link.sku: link for link in s.scalars(select(ShopProductLink))}
    assert links["BOGRE-1"].shop_product_id == str(new["id"]) and links["BOGRE-1"].pushed_at is not None


def test_first_push_needs_confirmation_and_links_instead_of_duplicating(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    _product(db, "UJ-1")
    _product(db, "DEMO-0002")
    before = len(sandbox.state.calls)
    report = _push(db, creds, shop_id, confirmed=False)
    assert report.needs_confirmation and report.plan is not None
    assert (report.plan.create, report.plan.overwrite) == (["UJ-1"], ["DEMO-0002"])
    assert "Új termék jön létre" in report.plan.preview_text()
    assert _set_calls(sandbox, before) == [], "nothing is sent before the user confirms"
    count = len(sandbox.state.data.products)
    report = _push(db, creds, shop_id, confirmed=True)
    assert report.complete and report.created == 1
    assert len(sandbox.state.data.products) == count + 1, "DEMO-0002 was linked, not added again"
    # later runs need no confirmation: a new product is simply created
    _product(db, "UJ-2")
    report = _push(db, creds, shop_id, confirmed=False)
    assert not report.needs_confirmation and report.created == 1


def test_non_webshop_products_are_never_pushed_and_bad_codes_are_reported(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    _product(db, "BELSO-1", webshop=False)
    _product(db, "ROSSZ KOD")
    _product(db, "ÉKEZET-1")
    _product(db, "JO-1")
    report = _push(db, creds, shop_id)
    assert _shop_product(sandbox, "BELSO-1") is None
    assert _shop_product(sandbox, "JO-1") is not None
    codes = {code: reason for code, reason in report.errors}
    assert set(codes) == {"ROSSZ KOD", "ÉKEZET-1"}
    assert "szóköz és ékezet" in codes["ROSSZ KOD"]
    assert report.summary().endswith("részben sikerült: 1 termék frissítve, 2 hiba")


def test_bmp_gif_and_renamed_files_are_refused_with_the_product_named(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "KEP-1", name="Képes termék")
    # An image that got into the database around the form's check (e.g. an old import).
    for fmt in ("BMP", "GIF"):
        with db.transaction() as s:
            s.merge(
                ProductImage(
                    product_id=pid, mime_type="image/jpeg", data=_image(fmt), sha256=fmt, width=1, height=1
                )
            )
        report = _push(db, creds, shop_id)
        [(code, reason)] = report.errors
        assert code == "KEP-1" and "KEP-1 – Képes termék" in reason and "JPG vagy PNG" in reason
        shop = _shop_product(sandbox, "KEP-1")
        assert shop is not None and not shop.get("image"), "the product still arrives, without the image"
    with pytest.raises(Exception, match="JPG vagy PNG"):
        _product(db, "KEP-2", image=b"not really a jpeg")


def test_an_image_bomb_in_the_database_is_refused_for_its_product_and_the_push_goes_on(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    from tests.output.test_product_images import _png_header_only

    shop_id = _add_shop(db, creds, sandbox)
    bomb_id = _product(db, "BOMBA-1", name="Bombás")
    _product(db, "RENDES-1")
    with db.transaction() as s:  # 74 bytes claiming 20000×20000, stored around the form's check
        s.merge(
            ProductImage(
                product_id=bomb_id,
                mime_type="image/png",
                data=_png_header_only(20000, 20000),
                sha256="bomb",
                width=1,
                height=1,
            )
        )
    report = _push(db, creds, shop_id)
    [(code, reason)] = report.errors
    assert code == "BOMBA-1" and "túl nagy" in reason
    assert _shop_product(sandbox, "RENDES-1") is not None and _shop_product(sandbox, "BOMBA-1") is not None


def test_a_receipt_of_5_changes_the_shop_stock_by_exactly_5_and_idempotence(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "KESZLET-1")
    _receive(db, pid, "2")
    _push(db, creds, shop_id)
    assert D(_shop(sandbox, "KESZLET-1")["qty"]) == 2
    before = len(sandbox.state.calls)
    report = _push(db, creds, shop_id)
    assert _set_calls(sandbox, before) == [] and report.touched == set(), "nothing changed: no set call"
    _receive(db, pid, "5")
    before = len(sandbox.state.calls)
    report = _push(db, creds, shop_id)
    calls = _set_calls(sandbox, before)
    assert [c["endpoint"] for c in calls] == ["setStock"]
    assert D(_shop(sandbox, "KESZLET-1")["qty"]) == 7
    assert report.stock == 1


def test_an_order_in_the_shop_is_pulled_first_and_reserves_before_the_stock_push(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "FOGLAL-1", gross="1270")
    _receive(db, pid, "10")
    _push(db, creds, shop_id)
    sandbox.place_order(
        items=[
            {
                "id": "FOGLAL-1",
                "sku": "FOGLAL-1",
                "name": "Termék",
                "unit": "db",
                "quantity": "3",
                "price_net": "1000",
                "price_gross": "1270",
                "vat": "27%",
            }
        ],
        invoice_status=1,
        status_id=1,
    )
    report = _sync(db, creds, shop_id)
    assert report.orders is not None and report.orders.created == 1
    assert D(_shop(sandbox, "FOGLAL-1")["qty"]) == 7


def test_images_are_resent_only_when_their_content_changes(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "KEPES-1", image=_image("JPEG", "red"))
    _push(db, creds, shop_id)
    with db.transaction() as s:
        product_service.update_product(
            s,
            pid,
            product_service.ProductInput(
                code="KEPES-1", name="Új név", gross_price=D(500), categories=["Konyha"], webshop=True
            ),
        )
    before = len(sandbox.state.calls)
    _push(db, creds, shop_id)
    [call] = _set_calls(sandbox, before)
    assert b"<Images>" not in call["body"], "a name/price change sends no image element"
    assert _shop_product(sandbox, "KEPES-1")["image_version_sends"] == 0  # type: ignore[index]
    blue = _image("PNG", "blue")
    with db.transaction() as s:
        product_service.update_product(
            s,
            pid,
            product_service.ProductInput(
                code="KEPES-1",
                name="Új név",
                gross_price=D(500),
                categories=["Konyha"],
                webshop=True,
                image=blue,
            ),
        )
    before = len(sandbox.state.calls)
    _push(db, creds, shop_id)
    [call] = _set_calls(sandbox, before)
    assert b"<Version>" in call["body"]
    shop = _shop_product(sandbox, "KEPES-1")
    assert shop is not None and base64.b64decode(shop["image"]["data"]) == blue
    assert shop["image_version_sends"] == 1


def test_stop_at_first_error_still_delivers_every_good_product(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    sandbox.set_readings(stop_at_first_error=True)
    for n in range(6):
        _product(db, f"SOR-{n}")
    _product(db, "SOR-3X")
    with db.transaction() as s:
        bad = s.scalar(select(Product).where(Product.code == "SOR-3X"))
        assert bad is not None
        bad.name = " "  # the shop refuses an add without a name (here: data damaged outside the form)
    report = _push(db, creds, shop_id)
    assert [code for code, _ in report.errors] == ["SOR-3X"]
    for n in range(6):
        assert _shop_product(sandbox, f"SOR-{n}") is not None
    before = len(sandbox.state.calls)
    report = _push(db, creds, shop_id)
    assert _set_calls(sandbox, before) == [], "the failed item is not resent until its data changes"
    assert [code for code, _ in report.errors] == ["SOR-3X"]


def test_per_variant_stock_in_the_shop_is_reported_and_left_alone(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    shop = _shop_product(sandbox, "DEMO-0003")
    assert shop is not None
    shop["stock_variant"] = True
    shop["qty"] = "11"
    pid = _product(db, "DEMO-0003", name="Változatos póló")
    _receive(db, pid, "2")
    report = _push(db, creds, shop_id)
    assert any("DEMO-0003" in m and "változatonként" in m for m in report.messages)
    assert shop["name"] == "Változatos póló", "the product fields are still ours"
    assert shop["qty"] == "11", "its stock is left alone"
    _receive(db, pid, "1")
    before = len(sandbox.state.calls)
    _push(db, creds, shop_id)
    assert _set_calls(sandbox, before) == []


def test_command_line_preview_then_yes(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, capsys, monkeypatch
) -> None:
    import json

    from app import cli

    shop_id = _add_shop(db, creds, sandbox)
    assert shop_id
    _product(db, "CLI-1")
    monkeypatch.setattr("app.credentials.CredentialStore", lambda *a, **k: creds)
    code = cli.run(["--db", db.url, "sync", "products"])
    out = capsys.readouterr().out
    assert code == 1 and "Új termék jön létre" in out and "--yes" in out
    assert _shop_product(sandbox, "CLI-1") is None
    code = cli.run(["--db", db.url, "sync", "products", "--yes", "--json"])
    [record] = json.loads(capsys.readouterr().out)
    assert code == 0 and record["created"] == 1 and record["errors"] == []
    assert _shop_product(sandbox, "CLI-1") is not None


def test_a_changed_product_code_renames_the_shop_product(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "REGI-KOD")
    _push(db, creds, shop_id)
    shop_id_before = _shop_product(sandbox, "REGI-KOD")["id"]  # type: ignore[index]
    with db.transaction() as s:
        s.get(Product, pid).code = "UJ-KOD"  # type: ignore[union-attr]
    report = _push(db, creds, shop_id)
    assert report.errors == [] and report.complete and (report.created, report.updated) == (0, 1)
    assert _shop_product(sandbox, "REGI-KOD") is None
    assert _shop_product(sandbox, "UJ-KOD")["id"] == shop_id_before  # type: ignore[index]
    before = len(sandbox.state.calls)
    _push(db, creds, shop_id)
    assert _set_calls(sandbox, before) == []


@pytest.mark.parametrize("root_error", [False, True], ids=["per-item answer", "one root error"])
def test_a_batch_stopped_at_item_37_of_100_resends_the_rest_and_adds_nothing_twice(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, root_error: bool
) -> None:
    # Documented (B46): the shop processes entities in order and stops at the first failing one.
    sandbox.set_readings(stop_at_first_error=True, stop_answers_root_error=root_error)
    shop_id = _add_shop(db, creds, sandbox)
    codes = [f"TOMEG-{n:03d}" for n in range(1, 101)]
    for code in codes:
        _product(db, code)
    sandbox.state.data.refuse_skus = ["TOMEG-037"]
    report = _push(db, creds, shop_id)
    in_shop = [p["sku"] for p in sandbox.state.data.products if p["sku"].startswith("TOMEG-")]
    assert sorted(in_shop) == [c for c in codes if c != "TOMEG-037"]  # each once
    assert [code for code, _reason in report.errors] == ["TOMEG-037"]
    assert sandbox.state.bans == []  # one failed call, not one per item
    with db.reading() as s:
        linked = dict(
            s.execute(
                select(Product.code, ShopProductLink.shop_product_id)
                .join(ShopProductLink, ShopProductLink.product_id == Product.id)
                .where(Product.code.like("TOMEG-%"))
            ).all()
        )
    shop_ids = {p["sku"]: str(p["id"]) for p in sandbox.state.data.products}
    assert {c: linked[c] for c in codes if c != "TOMEG-037"} == {c: shop_ids[c] for c in in_shop}
    assert linked["TOMEG-037"] is None
    # A refused item is held back until its data changes; then the next run adds just that one.
    sandbox.state.data.refuse_skus = []
    with db.transaction() as s:
        s.scalars(select(Product).where(Product.code == "TOMEG-037")).one().name = "Javított név"
    again = _push(db, creds, shop_id)
    assert sorted(p["sku"] for p in sandbox.state.data.products if p["sku"].startswith("TOMEG-")) == codes
    assert again.created == 1 and not again.errors


def test_no_set_call_ever_carries_an_empty_element(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    """UNAS deletes the stored value of an empty node (B47): a client regression that sends
    <Name/> or <Long/> would wipe a real shop's data. Every set call of a full sync is checked, and
    the shop's description survives a product of ours that has none."""
    from lxml import etree

    shop_id = _add_shop(db, creds, sandbox)
    sandbox.state.product_by_sku("DEMO-0002")["long"] = "A bolt saját leírása"  # type: ignore[index]
    _product(db, "DEMO-0002", name="Üres leírású", note="", categories=["Otthon"])
    _product(db, "URES-1", note="", categories=["Otthon"])
    report = _push(db, creds, shop_id)
    assert report.errors == [], report.errors
    bodies = [c["body"] for c in _set_calls(sandbox)]
    assert bodies, "nothing was written"
    for body in bodies:
        for el in etree.fromstring(body).iter():
            assert len(el) or (el.text or "").strip(), f"empty <{el.tag}> in {body[:200]!r}"
    assert _shop(sandbox, "DEMO-0002")["long"] == "A bolt saját leírása"


def test_a_push_with_nothing_to_send_writes_nothing(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    """The quiet 5-minute tick: no INSERT, UPDATE or DELETE, so no write lock that a user saving a
    document would wait for (SQLite) – only after a change is anything written again."""
    from sqlalchemy import event

    from app.sync.product_sync import push_products

    shop_id = _add_shop(db, creds, sandbox)
    pid = _product(db, "CSENDES")
    _receive(db, pid, "5")
    assert _push(db, creds, shop_id).created == 1
    writes: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    def tick() -> ProductSyncReport:
        return push_products(db, shop_id, shops.shop_client(db, creds, shop_id), confirmed=True, quick=True)

    # The first push wrote its links, so one tick compares every field and records the revision.
    tick()
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for _ in range(2):
            quiet = tick()
            assert quiet.complete and not quiet.touched
            assert writes == []
        _receive(db, pid, "2")  # (a write of its own)
        writes.clear()
        moved = tick()
        assert moved.stock == 1 and writes  # the link's pushed figure and the shop's mark
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
