"""Opening an up-to-date database is one query: HEAD_REVISION is the newest migration, and alembic is
not even imported then (it was a seventh of every start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.db import migrate
from app.db.database import connect
from app.db.schema_version import HEAD_REVISION


def test_the_head_revision_is_the_newest_migration() -> None:
    assert HEAD_REVISION == migrate.head_revision()


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    connect(url).dispose()  # made and migrated (alembic runs here)
    probe = (
        "import sys\n"
        "from app.db.database import connect\n"
        f"db = connect({url!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
        "db.dispose()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    # An older schema is still migrated: the full path loads alembic when it is needed.
    older = tmp_path / "older.sqlite"
    connect(f"sqlite:///{older}").dispose()
    import sqlite3

    with sqlite3.connect(older) as raw:
        # As the previous version left it (the newest migration undone by hand).
        raw.execute("UPDATE alembic_version SET version_num = '0022'")
        for column in ("source_document_id", "storno_of_id", "modifies_id"):
            raw.execute(f"DROP INDEX ix_documents_{column}")
    db = connect(f"sqlite:///{older}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
        listed = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        indexes = {row[0] for row in listed}
        assert "ix_documents_storno_of_id" in indexes
    db.dispose()
