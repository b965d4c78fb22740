"""This version's database schema revision, known without loading alembic (a test keeps it equal to
the newest migration script)."""

HEAD_REVISION = "0023"
