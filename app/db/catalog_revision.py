"""A counter the database itself raises whenever anything a product push sends may have changed.

The 5-minute tick must cost nothing when nothing changed; comparing 100,000 products' fields with
what the shop was sent takes most of a second even when every one is equal. So the tables the push
reads (products, their units, VAT rates, categories and images, and the shops' product links) carry
triggers that raise ``catalog_revision.revision`` in the same transaction as the change: every
writer – the program's forms, imports and syncs, a future one, a script – is covered without
remembering to. A push that found everything equal at revision R records R on the shop
(``shops.fields_checked_revision``); while the revision is still R, the tick compares only the stock
(app.sync.stock_diff). The revision is read *before* the products, so a change committed meanwhile
is either seen by that push or raises the revision past what it records.

On PostgreSQL the triggers are deferred to the commit: the counter's row is locked only while a
transaction commits, never while it works, so two workstations cannot deadlock on it (a
non-transactional sequence would be lock-free, but a push could then see a bump whose change it
cannot see yet, record it, and never send that change).

Created by the migration that introduced it and by ``Base.metadata.create_all`` alike. A later
migration that rebuilds one of these tables on SQLite (batch mode) drops its triggers with it and
must call ``install`` again; ``tests/db/test_catalog_revision.py`` fails if one is missing.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Connection, MetaData, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db.base import Base

# Table → the columns whose change matters to a push (None: every column).
WATCHED: dict[str, tuple[str, ...] | None] = {
    "products": (
        "code",
        "name",
        "kind",
        "unit_id",
        "vat_rate_id",
        "gross_price",
        "note",
        "webshop",
        "active",
        "stock_recorded",
    ),
    "units": None,
    "vat_rates": None,
    "categories": None,
    "product_categories": None,
    "product_images": None,
    # Not stock_pushed, pushed_at or error: the push writes those on every stock change.
    "shop_product_links": (
        "product_id",
        "sku",
        "shop_product_id",
        "fields_hash",
        "image_hash",
        "per_variant",
    ),
}

_BUMP = "UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1"


class CatalogRevision(Base):
    """One row: raised by triggers on every change a product push could have to send."""

    __tablename__ = "catalog_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


def trigger_names() -> set[str]:
    names = set()
    for table in WATCHED:
        names |= {f"catalog_rev_{table}_ins", f"catalog_rev_{table}_upd", f"catalog_rev_{table}_del"}
    return names


def _sqlite_statements() -> list[str]:
    out = []
    for table, columns in WATCHED.items():
        of = f" OF {', '.join(columns)}" if columns else ""
        for suffix, event_ in (("ins", "INSERT"), ("upd", f"UPDATE{of}"), ("del", "DELETE")):
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS catalog_rev_{table}_{suffix} AFTER {event_} ON {table} "
                f"BEGIN {_BUMP}; END"
            )
    return out


def _postgresql_statements() -> list[str]:
    out = [
        "CREATE OR REPLACE FUNCTION bump_catalog_revision() RETURNS trigger AS $$ "
        f"BEGIN {_BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
    ]
    for table, columns in WATCHED.items():
        of = f" OF {', '.join(columns)}" if columns else ""
        for suffix, event_ in (("ins", "INSERT"), ("upd", f"UPDATE{of}"), ("del", "DELETE")):
            name = f"catalog_rev_{table}_{suffix}"
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            out.append(
                f"CREATE CONSTRAINT TRIGGER {name} AFTER {event_} ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_catalog_revision()"
            )
    return out


def install(connection: Connection) -> None:
    """Create (or re-create) the counter's row and its triggers on this database."""
    if connection.exec_driver_sql("SELECT count(*) FROM catalog_revision").scalar() == 0:
        connection.exec_driver_sql("INSERT INTO catalog_revision (id, revision) VALUES (1, 0)")
    statements = _sqlite_statements() if connection.dialect.name == "sqlite" else _postgresql_statements()
    for statement in statements:
        connection.exec_driver_sql(statement)


def installed_triggers(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    else:
        rows = connection.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    return {name for (name,) in rows if name.startswith("catalog_rev_")}


def current(session: Session) -> int | None:
    """The revision now (None on a database without the counter's row: always compare fully)."""
    return session.scalar(select(CatalogRevision.revision).where(CatalogRevision.id == 1))


def attach(metadata: MetaData) -> None:
    """``create_all`` installs the counter once every table exists."""

    @event.listens_for(metadata, "after_create")
    def _created(_target: MetaData, connection: Connection, **_kw: object) -> None:
        install(connection)


attach(Base.metadata)
