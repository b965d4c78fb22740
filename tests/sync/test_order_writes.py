"""A group's new orders written together before the commit (app.sync.order_writes), on both
databases: each link points at its own document, each document holds its own lines, the ids
follow the numbers, and what reads a new order back (a repeat, a merge) finds it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from sqlalchemy import select

from app.db.database import Database
from app.db.documents import Document, DocumentLine, DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.sync import order_links, order_sync
from app.sync.matching import cache
from app.sync.matching.preload import preload_page
from app.sync.order_import import ImportOutcome
from app.unas.records import ShopOrder
from tests.sync.matching.records import ORDER_TIME, add_test_shop, buyer, line, order


def _import_group(
    db: Database, shop_id: int, group: list[ShopOrder], *, preload: bool
) -> list[ImportOutcome]:
    # As a page of the order sync does it: one session, the page's links preloaded (or not).
    with db.sessions() as session:
        cache.enable(session)
        if preload:
            with session.begin():
                preload_page(session, shop_id, group)
        return order_sync._import_in_one_transaction(session, shop_id, group, {}, {})


def _documents(db: Database) -> dict[str, Document]:
    """Imported documents by the key of the link that points at them."""
    with db.reading() as s:
        rows = s.execute(
            select(ShopOrderLink.display_key, Document).join(
                Document, Document.id == ShopOrderLink.document_id
            )
        )
        return {key: doc for key, doc in rows}


def _line_names(db: Database, document_id: int) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(DocumentLine.name).where(DocumentLine.document_id == document_id)))


def _varied_group() -> list[ShopOrder]:
    """Orders whose headers fill different columns (payment method or none, a buyer's tax number
    or none), so that the multi-row INSERT needs more than one run."""
    group = []
    for n in range(7):
        extra = {"payment_name": "Utánvét", "payment_type": "cod"} if n % 3 == 0 else {}
        customer = buyer(f"Vevő {n}", f"v{n}@example.hu", tax_number="12345676-2-41" if n == 4 else None)
        group.append(
            order(
                line(f"P-{n}", gross=str(1000 + n), name=f"Tétel {n}"),
                line(f"Q-{n}", gross="254", name=f"Második {n}"),
                key=f"W-{n}",
                date=ORDER_TIME + timedelta(minutes=n),
                customer=customer,
                **extra,
            )
        )
    return group


def test_each_link_points_at_its_own_document_with_its_own_lines(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    group = _varied_group()
    outcomes = _import_group(db, shop_id, group, preload=True)
    assert [o.status for o in outcomes] == ["created"] * 7
    documents = _documents(db)
    assert sorted(documents) == sorted(o.key for o in group)
    for n, shop_order in enumerate(group):
        document = documents[shop_order.key]
        assert shop_order.key in document.header_note
        assert document.customer_name == f"Vevő {n}"
        assert sorted(_line_names(db, document.id)) == sorted([f"Második {n}", f"Tétel {n}"])
        assert document.gross_total == D(1000 + n + 254)
    # The outcomes name the documents written after them; ids rise with the numbers.
    assert [o.document_id for o in outcomes] == [documents[o.key].id for o in group]
    by_id = sorted(documents.values(), key=lambda d: d.id)
    assert [d.number for d in by_id] == sorted(d.number for d in by_id)
    assert [d.customer_name for d in by_id] == [f"Vevő {n}" for n in range(7)]


def test_an_order_sent_twice_in_one_group_becomes_one_document(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    for preload in (True, False):
        key = f"TWICE-{preload}"
        first = order(line("P-1"), key=key, date=ORDER_TIME + timedelta(hours=preload))
        other = order(line("P-2"), key=f"{key}-b", date=first.date)
        outcomes = _import_group(db, shop_id, [first, other, first], preload=preload)
        assert [o.status for o in outcomes] == ["created", "created", "unchanged"]
        assert outcomes[2].document_id == outcomes[0].document_id is not None
    with db.reading() as s:
        keys = list(s.scalars(select(ShopOrderLink.display_key).order_by(ShopOrderLink.id)))
    assert keys == ["TWICE-True", "TWICE-True-b", "TWICE-False", "TWICE-False-b"]


def test_a_merge_in_the_same_group_finds_its_sources_and_releases_them(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    sources = [
        order(line("P-1", qty="2"), key="SRC-1"),
        order(line("P-2"), key="SRC-2", date=ORDER_TIME + timedelta(minutes=1)),
    ]
    merged = order(
        line("P-1", qty="2"),
        line("P-2"),
        key="MERGED",
        date=ORDER_TIME + timedelta(minutes=2),
        merged_from=("SRC-1", "SRC-2"),
    )
    outcomes = _import_group(db, shop_id, [*sources, merged], preload=True)
    assert [o.status for o in outcomes] == ["created"] * 3
    documents = _documents(db)
    assert documents["SRC-1"].status == documents["SRC-2"].status == DocumentStatus.CANCELLED
    assert documents["MERGED"].status == DocumentStatus.OPEN
    assert "összevont rendelés" in documents["MERGED"].warnings


def test_an_order_held_before_is_linked_in_place_between_new_ones(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    held = order(line("P-9"), key="HELD", date=ORDER_TIME + timedelta(minutes=1))
    order_links.record_problem(db, shop_id, held, "held", ValueError("waits"))
    group = [
        order(line("P-1"), key="NEW-1"),
        held,
        order(line("P-2"), key="NEW-2", date=ORDER_TIME + timedelta(minutes=2)),
    ]
    outcomes = _import_group(db, shop_id, group, preload=True)
    assert [o.status for o in outcomes] == ["created"] * 3
    documents = _documents(db)
    by_id = sorted(documents, key=lambda k: documents[k].id)
    assert by_id == ["NEW-1", "HELD", "NEW-2"]
    with db.reading() as s:
        links = s.scalars(select(ShopOrderLink).order_by(ShopOrderLink.id)).all()
        assert [(lk.display_key, lk.status) for lk in links] == [
            ("HELD", "imported"),
            ("NEW-1", "imported"),
            ("NEW-2", "imported"),
        ]


def test_a_failing_order_leaves_nothing_of_the_group_written(db: Database) -> None:
    shop_id = add_test_shop(db, import_since=date(2020, 1, 1))
    group = [order(line("P-1"), key="OK-1"), order(line("P-2", vat="99%"), key="BAD")]
    try:
        _import_group(db, shop_id, group, preload=True)
    except Exception as exc:  # the unknown VAT holds the order; the caller retries one by one
        assert "99%" in str(getattr(exc, "user_message", exc))
    else:
        raise AssertionError("the unknown VAT code must raise")
    with db.reading() as s:
        assert s.scalars(select(Document.id)).all() == []
        assert s.scalars(select(ShopOrderLink.id)).all() == []
