"""immutable issued invoices: snapshot, original PDF, test flag, correction chain, line roles, guard

Existing invoices are sealed with a snapshot made from their stored rows (marked reconstructed;
the seller is the company data as it is at the upgrade), documents of test shops and the TESZT
series are flagged as test documents, and lines get their role from the shop's service mapping.
Then the database guard is installed (app.db.invoice_guard).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

import app.db.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The shop's service line kinds → line roles (app.invoice_data.apportion).
ROLES = {
    "discount-percent": "discount",
    "discount-amount": "discount",
    "shipping-cost": "shipping",
    "handel-cost": "handling",
}


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_test", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("snapshot", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("sealed_at", app.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("modifies_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("modification_index", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("buyer_not_vat_subject", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("exchange_rate_source", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_modifies_id_documents"), "documents", ["modifies_id"], ["id"]
        )
    with op.batch_alter_table("document_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), server_default="goods", nullable=False))
        batch_op.add_column(sa.Column("line_reference", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("corrected_position", sa.Integer(), nullable=True))
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("vat_status", sa.String(length=20), server_default="normal", nullable=False)
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("electronic_invoice", sa.Boolean(), nullable=True))
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shipping_at_shop_rate", sa.Boolean(), server_default="0", nullable=False)
        )
    conn = op.get_bind()
    _flag_test_documents(conn)
    _line_roles(conn)
    _seal_existing_invoices(conn)
    from app.db import invoice_guard

    invoice_guard.install(conn)


def _flag_test_documents(conn: sa.Connection) -> None:
    true = "true" if conn.dialect.name == "postgresql" else "1"
    conn.execute(
        sa.text(
            f"UPDATE documents SET is_test = {true} WHERE number LIKE :series OR (kind = 'customer_order' "
            f"AND shop_id IN (SELECT id FROM shops WHERE is_test = {true}))"
        ),
        {"series": "TESZT-%"},
    )


def _line_roles(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "UPDATE document_lines SET role = 'service' WHERE product_id IN "
        "(SELECT id FROM products WHERE kind = 'service')"
    )
    for kind, role in ROLES.items():
        conn.execute(
            sa.text(
                "UPDATE document_lines SET role = :role WHERE product_id IN (SELECT local_id FROM "
                "shop_mappings WHERE kind = 'service' AND shop_value = :kind)"
            ),
            {"role": role, "kind": kind},
        )


# --- snapshots of the invoices issued before this revision ------------------------------------
# Frozen here on purpose: the program's snapshot builder may change, this upgrade must not.


def _dec(value: Any, scale: int) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value).scaleb(-scale)  # SQLite keeps exact decimals as scaled integers
    return Decimal(str(value))


def _huf(amount: Decimal, currency: str, rate: Decimal) -> Decimal:
    if currency == "HUF":
        return amount
    return (amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _seal_existing_invoices(conn: sa.Connection) -> None:
    company = conn.exec_driver_sql(
        "SELECT name, country, postal_code, city, street, tax_number, eu_tax_number, bank_account, "
        "email, phone FROM company ORDER BY id LIMIT 1"
    ).first()
    seller = dict(
        zip(
            "name country postal_code city street tax_number eu_tax_number bank_account email phone".split(),
            company or ("",) * 10,
            strict=True,
        )
    )
    seller["vat_status"] = "normal"
    kinds: dict[str, str] = {c: k for c, k in conn.exec_driver_sql("SELECT code, kind FROM vat_rates")}
    methods = {i: (n, c) for i, n, c in conn.exec_driver_sql("SELECT id, name, is_cash FROM payment_methods")}
    invoices = conn.exec_driver_sql(
        "SELECT id, number, issue_date, fulfilment_date, due_date, payment_method_id, currency, "
        "exchange_rate, customer_name, customer_email, customer_phone, customer_is_private, "
        "customer_tax_number, customer_eu_tax_number, billing_country, billing_postal_code, billing_city, "
        "billing_street, net_total, vat_total, gross_total, rounding, header_note, storno_of_id, "
        "is_test, created_at FROM documents WHERE kind = 'invoice'"
    ).all()
    numbers = {row[0]: (row[1], row[2]) for row in invoices}
    for row in invoices:
        (doc_id, number, issue, fulfil, due, method_id, currency, rate_raw) = row[:8]
        buyer_cols = row[8:18]
        net_t, vat_t, gross_t, rounding, note, storno_of, is_test, created = row[18:]
        rate = _dec(rate_raw, 4) if currency != "HUF" else Decimal(1)
        method, cash = methods.get(method_id, ("", False))
        lines = conn.execute(
            sa.text(
                "SELECT position, product_code, name, unit, quantity, unit_price, price_is_gross, vat_code, "
                "vat_percent, net_amount, vat_amount, gross_amount, stock_item, role FROM document_lines "
                "WHERE document_id = :d ORDER BY position"
            ),
            {"d": doc_id},
        ).all()
        snap_lines: list[dict[str, Any]] = []
        rows: dict[str, list[Any]] = {}
        for pos, code, name, unit, qty, price, is_gross, vat_code, pct, net, vat, gross, stock, role in lines:
            q, net_d, vat_d, gross_d = _dec(qty, 3), _dec(net, 2), _dec(vat, 2), _dec(gross, 2)
            huf = [_huf(x, currency, rate) for x in (net_d, vat_d)]
            kind = kinds.get(vat_code, "normal")
            snap_lines.append(
                {
                    "number": pos,
                    "reference": None,
                    "role": role,
                    "product_code": code if role == "goods" else "",
                    "name": name,
                    "quantity": str(q),
                    "unit": unit,
                    "unit_price_net": str((net_d / q).quantize(Decimal("0.0000000001")) if q else 0),
                    "unit_price_gross": str(_dec(price, 4)) if is_gross else None,
                    "vat_code": vat_code,
                    "vat_percent": str(_dec(pct, 4)),
                    "vat_kind": kind,
                    "net": str(net_d),
                    "vat": str(vat_d),
                    "gross": str(gross_d),
                    "net_huf": str(huf[0]),
                    "vat_huf": str(huf[1]),
                    "gross_huf": str(huf[0] + huf[1]),
                    "is_product": bool(stock),
                }
            )
            total = rows.setdefault(vat_code, [vat_code, str(_dec(pct, 4)), kind] + [Decimal(0)] * 6)
            for k, value in enumerate((net_d, vat_d, gross_d, huf[0], huf[1], huf[0] + huf[1])):
                total[3 + k] += value
        vat_rows = [
            dict(
                zip(
                    "code percent kind net vat gross net_huf vat_huf gross_huf".split(),
                    map(str, r),
                    strict=True,
                )
            )
            for r in rows.values()
        ]
        private = bool(buyer_cols[3])
        original = numbers.get(storno_of) if storno_of else None
        snapshot = {
            "version": 1,
            "kind": "storno" if storno_of else "invoice",
            "number": number,
            "issue_date": str(issue),
            "fulfilment_date": str(fulfil or issue),
            "due_date": str(due or issue),
            "payment_method": method,
            "payment_code": "CASH" if cash else "OTHER",
            "currency": currency,
            "exchange_rate": str(rate),
            "seller": seller,
            "buyer": {
                "name": buyer_cols[0],
                "email": buyer_cols[1],
                "phone": buyer_cols[2],
                "tax_number": buyer_cols[4],
                "eu_tax_number": buyer_cols[5],
                "country": buyer_cols[6],
                "postal_code": buyer_cols[7],
                "city": buyer_cols[8],
                "street": buyer_cols[9],
            },
            "buyer_status": "PRIVATE_PERSON" if private and not buyer_cols[4] else "DOMESTIC",
            "appearance": "PAPER",
            "lines": snap_lines,
            "vat_rows": vat_rows,
            "net_total": str(_dec(net_t, 2)),
            "vat_total": str(_dec(vat_t, 2)),
            "gross_total": str(_dec(gross_t, 2)),
            "net_total_huf": str(sum((Decimal(r["net_huf"]) for r in vat_rows), Decimal(0))),
            "vat_total_huf": str(sum((Decimal(r["vat_huf"]) for r in vat_rows), Decimal(0))),
            "gross_total_huf": str(sum((Decimal(r["gross_huf"]) for r in vat_rows), Decimal(0))),
            "rounding": str(_dec(rounding, 2)),
            "header_note": note or "",
            "is_test": bool(is_test),
            "original_number": original[0] if original else None,
            "original_issue_date": str(original[1]) if original else None,
            "modification_index": 1 if original else None,
            "texts": [],
            "reconstructed": True,
            "extra": {},
        }
        conn.execute(
            sa.text("UPDATE documents SET snapshot = :s, sealed_at = :at WHERE id = :d"),
            {"s": json.dumps(snapshot, ensure_ascii=False, sort_keys=True), "at": created, "d": doc_id},
        )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("delete", "update", "line_delete", "line_update", "line_insert"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS guard_invoice_{name}")
    else:
        for trigger, table in (
            ("guard_invoice_row", "documents"),
            ("guard_invoice_line", "document_lines"),
            ("guard_invoice_truncate", "documents"),
            ("guard_invoice_line_truncate", "document_lines"),
        ):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.drop_column("shipping_at_shop_rate")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("electronic_invoice")
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_column("vat_status")
    with op.batch_alter_table("document_lines", schema=None) as batch_op:
        batch_op.drop_column("corrected_position")
        batch_op.drop_column("line_reference")
        batch_op.drop_column("role")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_documents_modifies_id_documents"), type_="foreignkey")
        for column in (
            "exchange_rate_source",
            "buyer_not_vat_subject",
            "modification_index",
            "modifies_id",
            "sealed_at",
            "pdf",
            "snapshot",
            "is_test",
        ):
            batch_op.drop_column(column)
