"""Form fields checked against the columns that will hold them, on both databases alike.

The limit is the column's own length (app.db models), so a field and its column can never
disagree; the check itself is the one validation layer (app.values.checks).
"""

from __future__ import annotations

from sqlalchemy import String, Text

from app.db.base import Base
from app.errors import ValidationError
from app.values.checks import text_problem

TEXT_LIMIT = 64_000  # free text (Text columns): what the spreadsheet import allows too


def check_texts(model: type[Base], values: dict[str, str], labels: dict[str, str], what: str) -> None:
    """Raises the Hungarian message for the first field (``labels`` names it) that its column
    cannot hold; Text columns may have line breaks."""
    columns = model.__table__.columns
    for name, value in values.items():
        column = columns.get(name)
        if column is None or not isinstance(value, str):
            continue
        is_text = isinstance(column.type, Text)  # before String: Text is one
        if is_text:
            limit: int | None = TEXT_LIMIT
        else:
            limit = column.type.length if isinstance(column.type, String) else None
        if limit is None:
            continue
        problem = text_problem(value, labels.get(name, name), limit, lines=is_text)
        if problem:
            raise ValidationError(f"{what}: {problem}.")
