"""Orders as live UNAS shops send them (unas-quirks.md B41, B48–B52), end to end over HTTP on both
databases: gift and other synthetic lines, merged / split / returned orders, shop-side changes,
StatusType and parcel lockers."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import func, select

from app.credentials import CredentialStore
from app.db.catalog import Product
from app.db.database import Database
from app.db.documents import Document, DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.sandbox.server import SandboxServer
from app.services import documents as docs
from app.services import invoicing
from app.services.stock import stock_level
from app.sync import order_links
from app.sync.matching.mappings import map_to_name
from app.sync.matching.services import set_role
from tests.services.test_invoicing import set_company
from tests.sync.test_order_sync import _add_shop, _line, _place, _sync

GIFT = _line("gift", "Ajándékutalvány", "1", "-1000")


def _order_of(db: Database, key: str) -> Document:
    with db.reading() as s:
        document = s.scalar(
            select(Document)
            .join(ShopOrderLink, ShopOrderLink.document_id == Document.id)
            .where(ShopOrderLink.display_key == key)
        )
        assert document is not None, key
        s.expunge(document)
        return document


def _link(db: Database, key: str) -> ShopOrderLink:
    with db.reading() as s:
        link = s.scalar(select(ShopOrderLink).where(ShopOrderLink.display_key == key))
        assert link is not None, key
        s.expunge(link)
        return link


def _quantities(db: Database, document_id: int) -> dict[str, D]:
    with db.reading() as s:
        document = s.get(Document, document_id)
        assert document is not None
        return {ln.product_code: ln.quantity for ln in document.lines}


def _reserved(db: Database, code: str) -> D:
    with db.reading() as s:
        product_id = s.scalar(select(Product.id).where(Product.code == code))
        assert product_id is not None
        return stock_level(s, product_id).reserved


def _map_gift(db: Database, shop_id: int, role: str) -> None:
    with db.transaction() as s:
        from app.db.catalog import ProductKind
        from app.services import products as product_service

        product_service.create_product(
            s,
            product_service.ProductInput(
                code="AJANDEK", name="Ajándékutalvány", gross_price=D(0), kind=ProductKind.SERVICE
            ),
        )
        map_to_name(s, shop_id, "service", "gift", "AJANDEK")
        set_role(s, shop_id, "gift", role)


def test_a_gift_line_holds_the_order_until_mapped_then_a_voucher_is_a_payment_not_a_discount(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    placed = _place(sandbox, [_line("DEMO-0001", "Bögre", "2", "2540"), GIFT])
    report = _sync(db, creds, shop_id)
    assert (report.created, report.held) == (0, 1)
    assert any("„gift”" in m and "utalvány" in m for m in report.messages), report.messages
    with db.reading() as s:  # never a product made of it
        assert s.scalar(select(func.count()).select_from(Product).where(Product.code == "gift")) == 0
    _map_gift(db, shop_id, "voucher")
    report = _sync(db, creds, shop_id)  # Újrapróbálás: held orders are fetched again by key
    assert (report.created, report.held) == (1, 0), report.messages
    order = _order_of(db, placed["key"])
    assert order.gross_total == D(4080)  # what the buyer pays: 2 × 2540 − 1000
    with db.transaction() as s:
        set_company(s)
        invoice = invoicing.invoice_from_order(s, order.id)
        # The voucher is a payment: the tax base is the whole sale, the note says what is left.
        assert invoice.gross_total == D(5080)
        assert [ln.product_code for ln in invoice.lines] == ["DEMO-0001"]
        assert "Utalvánnyal kiegyenlítve: 1\u00a0000 Ft; fizetendő: 4\u00a0080 Ft." in invoice.header_note


def test_a_gift_mapped_as_discount_lowers_the_tax_base(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    _map_gift(db, shop_id, "discount")
    placed = _place(sandbox, [_line("DEMO-0001", "Bögre", "2", "2540"), GIFT])
    assert _sync(db, creds, shop_id).created == 1
    with db.transaction() as s:
        set_company(s)
        invoice = invoicing.invoice_from_order(s, _order_of(db, placed["key"]).id)
        assert invoice.gross_total == D(4080)
        assert "Utalvánnyal" not in invoice.header_note


def test_an_unknown_lower_case_line_is_a_service_line_but_a_shop_product_with_such_a_code_is_a_product(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    sandbox.state.data.products[0]["sku"] = "bogre-piros"  # a shop that uses lower-case codes
    _place(sandbox, [_line("bogre-piros", "Piros bögre", "1", "2540")])
    _place(
        sandbox, [_line("DEMO-0002", "Tál", "1", "1270"), _line("csomagolas", "Díszcsomagolás", "1", "500")]
    )
    report = _sync(db, creds, shop_id)
    assert (report.created, report.held) == (1, 1), report.messages
    assert any("„csomagolas”" in m for m in report.messages)
    with db.reading() as s:
        codes = set(s.scalars(select(Product.code)))
    assert "bogre-piros" in codes and "csomagolas" not in codes


def test_merging_two_imported_orders_releases_theirs_and_reserves_once(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    first = _place(sandbox, [_line("DEMO-0001", "Bögre", "2", "2540")])
    second = _place(
        sandbox, [_line("DEMO-0001", "Bögre", "1", "2540"), _line("DEMO-0002", "Tál", "1", "1270")]
    )
    assert _sync(db, creds, shop_id).created == 2
    assert _reserved(db, "DEMO-0001") == 3
    merged = sandbox.order_event("merge", keys=[first["key"], second["key"]])
    report = _sync(db, creds, shop_id)
    assert report.created == 1, report.messages
    assert _reserved(db, "DEMO-0001") == 3 and _reserved(db, "DEMO-0002") == 1  # not twice
    assert _order_of(db, first["key"]).status == DocumentStatus.CANCELLED
    assert _order_of(db, second["key"]).status == DocumentStatus.CANCELLED
    new = _order_of(db, merged["key"])
    assert "összevont rendelés" in new.warnings
    assert any(merged["key"] in m and "összevont" in m for m in report.messages)
    assert '"merged_from"' in _link(db, merged["key"]).related


def test_merging_with_an_invoiced_source_holds_the_merged_order(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    sandbox.set_readings(merge_keeps_sources=True)  # the other reading: sources stay, cancelled
    shop_id = _add_shop(db, creds, sandbox)
    first = _place(sandbox, [_line("DEMO-0001", "Bögre", "2", "2540")])
    second = _place(sandbox, [_line("DEMO-0002", "Tál", "1", "1270")])
    _sync(db, creds, shop_id)
    with db.transaction() as s:
        set_company(s)
        invoice = invoicing.invoice_from_order(s, _order_of(db, first["key"]).id).number
    merged = sandbox.order_event("merge", keys=[first["key"], second["key"]])
    report = _sync(db, creds, shop_id)
    assert report.held == 1 and report.created == 0
    assert any(merged["key"] in m and "már számlázva" in m for m in report.messages), report.messages
    assert _link(db, merged["key"]).status == "held"
    assert invoice  # the invoiced order is untouched
    assert _order_of(db, first["key"]).status == DocumentStatus.CLOSED


def test_a_split_moves_lines_from_the_source_to_the_new_order(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    source = _place(
        sandbox, [_line("DEMO-0001", "Bögre", "2", "2540"), _line("DEMO-0002", "Tál", "1", "1270")]
    )
    _sync(db, creds, shop_id)
    part = sandbox.order_event("split", key=source["key"], skus=["DEMO-0002"])
    report = _sync(db, creds, shop_id)
    assert (report.created, report.updated) == (1, 1), report.messages
    assert _quantities(db, _order_of(db, source["key"]).id) == {"DEMO-0001": D(2)}
    assert _quantities(db, _order_of(db, part["key"]).id) == {"DEMO-0002": D(1)}
    assert _reserved(db, "DEMO-0002") == 1


def test_a_return_is_told_once_and_never_imported_as_a_negative_sale(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    source = _place(sandbox, [_line("DEMO-0001", "Bögre", "2", "2540")])
    _sync(db, creds, shop_id)
    returned = sandbox.order_event("return_of", key=source["key"], quantities={"DEMO-0001": "1"})
    report = _sync(db, creds, shop_id)
    assert report.created == 0
    assert any("Visszáru" in m and "helyesbítő számlát" in m for m in report.messages), report.messages
    assert _link(db, returned["key"]).status == "return"
    before = len(sandbox.state.calls)
    again = _sync(db, creds, shop_id)
    assert not any("Visszáru" in m for m in again.messages)  # told once
    single = [c for c in sandbox.state.calls[before:] if c["endpoint"] == "getOrder"]
    assert len(single) == 1  # the page only; a return is not fetched again by key
    assert _reserved(db, "DEMO-0001") == 2


def test_a_shop_side_change_is_applied_to_an_open_order_and_reported_on_an_edited_one(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    plain = _place(
        sandbox, [_line("DEMO-0001", "Bögre", "2", "2540"), _line("DEMO-0002", "Tál", "1", "1270")]
    )
    edited = _place(sandbox, [_line("DEMO-0003", "Kancsó", "3", "1270")])
    _sync(db, creds, shop_id)
    # Here, someone edits the second order (adds a note): the shop's later changes are only shown.
    edited_doc = _order_of(db, edited["key"])
    with db.transaction() as s:
        current = docs.get_document(s, edited_doc.id)
        lines = [
            docs.LineInput(
                quantity=ln.quantity,
                product_id=ln.product_id,
                unit_price=ln.unit_price,
                price_is_gross=True,
                vat_code=ln.vat_code,
            )
            for ln in current.lines
        ]
        docs.update_customer_order(
            s,
            edited_doc.id,
            docs.DocumentInput(
                lines=lines,
                customer_id=edited_doc.customer_id,
                warehouse_id=edited_doc.warehouse_id,
                header_note="Sürgős",
            ),
        )
    sandbox.order_event("change_items", key=plain["key"], quantities={"DEMO-0001": "1", "DEMO-0002": "0"})
    sandbox.order_event("change_items", key=edited["key"], quantities={"DEMO-0003": "1"})
    report = _sync(db, creds, shop_id)
    assert report.updated == 2
    assert _quantities(db, _order_of(db, plain["key"]).id) == {"DEMO-0001": D(1)}
    assert _reserved(db, "DEMO-0001") == 1 and _reserved(db, "DEMO-0002") == 0
    assert _quantities(db, edited_doc.id) == {"DEMO-0003": D(3)}  # kept
    link = _link(db, edited["key"])
    assert "mennyiség: DEMO-0003 3 → 1" in link.pending_change
    assert any("itt szerkesztették" in m and "DEMO-0003 3 → 1" in m for m in report.messages), report.messages
    # "Átvétel a webáruházból": the next sync takes the shop's version.
    with db.transaction() as s:
        order_links.ask_to_adopt(s, link.id)
    _sync(db, creds, shop_id)
    assert _quantities(db, edited_doc.id) == {"DEMO-0003": D(1)}
    assert _link(db, edited["key"]).pending_change == ""


def test_status_type_on_the_order_spares_the_status_list_and_a_parcel_locker_is_kept(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    locker: dict[str, Any] = {
        "Name": "Vendég Vilma",
        "ZIP": "1111",
        "City": "Budapest",
        "Street": "Fő u. 1.",
        "DeliveryPointID": "2351-CSOMAGPONT",
        "DeliveryPointGroup": "gls_api_dropoffpoints",
        "DeliveryPointSubGroup": "csomagautomata",
        "RecipientName": "Vendég Vilma",
    }
    customer = {
        "id": None,
        "email": "vendeg@example.hu",
        "name": "Vendég Vilma",
        "invoice": {"Name": "Vendég Vilma", "ZIP": "1111", "City": "Budapest", "Street": "Fő u. 1."},
        "shipping": locker,
    }
    placed = _place(sandbox, [_line("DEMO-0001", "Bögre", "1", "2540")], customer=customer)
    cancelled = _place(sandbox, [_line("DEMO-0002", "Tál", "1", "1270")], status_id=4)
    report = _sync(db, creds, shop_id)
    assert report.created == 1 and report.skipped == 1  # the cancelled one by its StatusType
    # The skipped order is named with its reason (for the log and the summary's details).
    skipped = [(e.status, e.message) for e in report.events if e.ref == cancelled["key"]]
    assert skipped == [("skipped", "Kihagyva: a webáruházban törölt rendelés")]
    assert not [c for c in sandbox.state.calls if c["endpoint"] == "getOrderStatus"]
    document = _order_of(db, placed["key"])
    assert (document.shipping_point_id, document.shipping_point_group, document.shipping_recipient) == (
        "2351-CSOMAGPONT",
        "gls_api_dropoffpoints / csomagautomata",
        "Vendég Vilma",
    )
    assert cancelled["key"]


def test_get_setting_is_read_once_a_day_and_its_failure_costs_nothing(
    db: Database, sandbox: SandboxServer, creds: CredentialStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.db.shops import Shop
    from app.sandbox import endpoints
    from app.sandbox.xmlio import BadRequest
    from app.sync import shops
    from app.sync.order_sync import sync_orders

    sandbox.state.data.calculate_mode = "fromGrossToNet"
    shop_id = _add_shop(db, creds, sandbox)
    _sync(db, creds, shop_id)
    _sync(db, creds, shop_id)
    assert sum(1 for c in sandbox.state.calls if c["endpoint"] == "getSetting") == 1
    with db.transaction() as s:
        shop = s.get(Shop, shop_id)
        assert shop is not None and shop.calculate_mode == "fromGrossToNet"
        shop.settings_checked_at = None  # a day later

    # A shop that refuses it: the sync goes on, and no failure is counted towards the pause.
    def refuse(_state: object, _req: object) -> bytes:
        raise BadRequest("Unknown function")

    monkeypatch.setitem(endpoints.GETTERS, "getSetting", refuse)
    client = shops.shop_client(db, creds, shop_id)
    report = sync_orders(db, shop_id, client)
    assert report.complete
    assert client.store.failures("getSetting")[0] == 0


def test_a_negative_quantity_or_a_nan_price_holds_the_order_with_the_line_named(
    db: Database, sandbox: SandboxServer, creds: CredentialStore
) -> None:
    shop_id = _add_shop(db, creds, sandbox)
    negative = _place(sandbox, [_line("DEMO-0001", "Bögre", "-5", "2540")])
    nan = _place(
        sandbox, [{**_line("DEMO-0002", "Tál", "1", "1270"), "price_gross": "NaN", "price_net": "NaN"}]
    )
    good = _place(sandbox, [_line("DEMO-0003", "Kanál", "2", "500")])
    report = _sync(db, creds, shop_id)
    assert report.created == 1 and report.held == 2
    assert any(
        f"{negative['key']} rendelés 1. tétele (DEMO-0001): a mennyiség -5" in m for m in report.messages
    )
    assert any(
        f"{nan['key']} rendelés 1. tétele (DEMO-0002): a(z) nettó ár nem szám" in m for m in report.messages
    ), report.messages
    assert not any("Váratlan hiba" in m for m in report.messages)
    assert _order_of(db, good["key"]) is not None
    with db.reading() as s:
        product = s.scalar(select(Product).where(Product.code == "DEMO-0001"))
        # Nothing of the −5 was booked: no product made for it and no stock added.
        assert product is None or stock_level(s, product.id).free <= 0
