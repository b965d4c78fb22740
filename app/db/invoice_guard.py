"""The database itself refuses to change or delete an issued live invoice, whatever the program does.

Issued documents are never changed or deleted, only corrected by new documents (storno, modifying
invoice). Code guards that, and these triggers guard the code: deleting a live invoice, changing a
sealed live invoice's content or any of its lines, or emptying the tables (PostgreSQL TRUNCATE)
fails with an error naming the rule. Test-shop documents (``is_test``) are outside the guard, and
so is the invoice's mutable state: its status (issued/cancelled by a storno) and its e-mail state.

The triggers are created by the alembic migration that introduced them and by
``Base.metadata.create_all`` alike (see ``attach``). A later migration that rebuilds the
``documents`` or ``document_lines`` table on SQLite (batch mode) drops them with the table and must
call ``install`` again.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, event

GUARD_MESSAGE = "issued invoice is immutable: correct it with a storno or a modifying invoice"

# Everything an issued invoice shows or reports; status and e-mail state stay changeable.
CONTENT_COLUMNS = (
    "kind number issue_date fulfilment_date due_date warehouse_id source_document_id customer_id "
    "customer_name customer_email customer_phone customer_is_private customer_tax_number "
    "customer_eu_tax_number billing_country billing_postal_code billing_city billing_street "
    "shipping_name shipping_country shipping_postal_code shipping_city shipping_street header_note "
    "payment_method_id shipping_method_id currency exchange_rate net_total vat_total gross_total "
    "shop_id rounding storno_of_id nav_xml is_test snapshot pdf sealed_at modifies_id "
    "modification_index buyer_not_vat_subject exchange_rate_source"
).split()

_LIVE = "kind = 'invoice' AND is_test = {false}"
_SEALED_LIVE = "kind = 'invoice' AND is_test = {false} AND sealed_at IS NOT NULL"


def _sqlite_statements() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in CONTENT_COLUMNS)
    raise_ = f"SELECT RAISE(ABORT, '{GUARD_MESSAGE}');"
    parent = (
        "EXISTS (SELECT 1 FROM documents d WHERE d.id = {ref}.document_id "
        "AND d.kind = 'invoice' AND d.is_test = 0 AND d.sealed_at IS NOT NULL)"
    )
    return [
        "CREATE TRIGGER IF NOT EXISTS guard_invoice_delete BEFORE DELETE ON documents "
        f"WHEN OLD.{_LIVE.format(false=0).replace(' AND ', ' AND OLD.')} BEGIN {raise_} END",
        "CREATE TRIGGER IF NOT EXISTS guard_invoice_update BEFORE UPDATE ON documents WHEN "
        f"OLD.{_SEALED_LIVE.format(false=0).replace(' AND ', ' AND OLD.')} AND ({changed}) "
        f"BEGIN {raise_} END",
        "CREATE TRIGGER IF NOT EXISTS guard_invoice_line_delete BEFORE DELETE ON document_lines "
        f"WHEN {parent.format(ref='OLD')} BEGIN {raise_} END",
        "CREATE TRIGGER IF NOT EXISTS guard_invoice_line_update BEFORE UPDATE ON document_lines "
        f"WHEN {parent.format(ref='OLD')} BEGIN {raise_} END",
        "CREATE TRIGGER IF NOT EXISTS guard_invoice_line_insert BEFORE INSERT ON document_lines "
        f"WHEN {parent.format(ref='NEW')} BEGIN {raise_} END",
    ]


def _postgresql_statements() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in CONTENT_COLUMNS)
    sealed = _SEALED_LIVE.format(false="false")
    return [
        f"""
        CREATE OR REPLACE FUNCTION guard_invoice_row() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.kind = 'invoice' AND OLD.is_test = false THEN
                    RAISE EXCEPTION '{GUARD_MESSAGE}';
                END IF;
                RETURN OLD;
            END IF;
            IF OLD.kind = 'invoice' AND OLD.is_test = false AND OLD.sealed_at IS NOT NULL
               AND ({changed}) THEN
                RAISE EXCEPTION '{GUARD_MESSAGE}';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        f"""
        CREATE OR REPLACE FUNCTION guard_invoice_line() RETURNS trigger AS $$
        DECLARE ref integer;
        BEGIN
            IF TG_OP = 'INSERT' THEN ref := NEW.document_id; ELSE ref := OLD.document_id; END IF;
            IF EXISTS (SELECT 1 FROM documents d WHERE d.id = ref AND d.kind = 'invoice'
                       AND d.is_test = false AND d.sealed_at IS NOT NULL) THEN
                RAISE EXCEPTION '{GUARD_MESSAGE}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        f"""
        CREATE OR REPLACE FUNCTION guard_invoice_truncate() RETURNS trigger AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM documents WHERE {sealed.replace("sealed_at IS NOT NULL", "true")}) THEN
                RAISE EXCEPTION '{GUARD_MESSAGE}';
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS guard_invoice_row ON documents",
        "CREATE TRIGGER guard_invoice_row BEFORE UPDATE OR DELETE ON documents "
        "FOR EACH ROW EXECUTE FUNCTION guard_invoice_row()",
        "DROP TRIGGER IF EXISTS guard_invoice_line ON document_lines",
        "CREATE TRIGGER guard_invoice_line BEFORE INSERT OR UPDATE OR DELETE ON document_lines "
        "FOR EACH ROW EXECUTE FUNCTION guard_invoice_line()",
        "DROP TRIGGER IF EXISTS guard_invoice_truncate ON documents",
        "CREATE TRIGGER guard_invoice_truncate BEFORE TRUNCATE ON documents "
        "FOR EACH STATEMENT EXECUTE FUNCTION guard_invoice_truncate()",
        "DROP TRIGGER IF EXISTS guard_invoice_line_truncate ON document_lines",
        "CREATE TRIGGER guard_invoice_line_truncate BEFORE TRUNCATE ON document_lines "
        "FOR EACH STATEMENT EXECUTE FUNCTION guard_invoice_truncate()",
    ]


def install(connection: Connection) -> None:
    """Create (or re-create) the guard on this database."""
    dialect = connection.dialect.name
    statements = _sqlite_statements() if dialect == "sqlite" else _postgresql_statements()
    for statement in statements:
        connection.exec_driver_sql(statement)


def trigger_names(connection: Connection) -> set[str]:
    """The guard triggers present (for tests and the start-up check)."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    else:
        rows = connection.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'guard_invoice%'"
        )
    return {name for (name,) in rows if name.startswith("guard_invoice")}


def attach(lines_table: Table) -> None:
    """``create_all`` installs the guard once both tables exist (document_lines comes second)."""

    @event.listens_for(lines_table, "after_create")
    def _created(_target: Table, connection: Connection, **_kw: object) -> None:
        install(connection)
