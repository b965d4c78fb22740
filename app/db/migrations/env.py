"""Alembic environment: runs on the connection handed over by app.db.migrate, or on a URL."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy import pool

from app.db.engine import make_engine
from app.db.models import Base

# SQLite cannot reflect expression indexes (lower(code)), so autogenerate skips comparing them;
# tests/db/test_migrations.py checks those indexes exist and are used instead.
warnings.filterwarnings("ignore", message="autogenerate skipping metadata-specified expression-based index")
warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table, keeping the data.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
