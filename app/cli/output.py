"""What the commands print: tables and JSON on standard output, and the exit codes they share."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1  # something the user must look at (an error, a held order, an unfinished pass)
# A one-shot sync found its shop busy (another workstation or run holds it): try again later.
EXIT_BUSY = 3


def jsonable(value: Any) -> Any:
    """Decimals become strings (exact), dates ISO strings; nothing passes through float."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    return value


def print_json(data: Any) -> None:
    json.dump(jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[Sequence[Any]]) -> None:
    text_rows = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in text_rows]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for r in text_rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


def _cell(value: Any) -> str:
    """Numbers as a Hungarian reads them: 30 (not "30.000", which reads as thirty thousand), 2,5."""
    from app.formatting import format_quantity

    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_quantity(value)
    return str(jsonable(value))
