"""The query plan a database chooses for one statement, as one line of text: SQLite's EXPLAIN QUERY
PLAN, PostgreSQL's EXPLAIN with sequential scans priced out (as on a large table, which a test's few
rows are not)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def query_plan(conn: Connection, sql: str, parameters: Any = None) -> str:
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters or ())
        return " ".join(str(row[-1]) for row in rows)
    conn.exec_driver_sql("SET enable_seqscan = off")
    return " ".join(str(row[0]) for row in conn.exec_driver_sql(f"EXPLAIN {sql}", parameters or {}))
