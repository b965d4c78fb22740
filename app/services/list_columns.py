"""The shape of a list: its columns (key, Hungarian title, kind) and where its rows come from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | money | price | qty | date | bool | percent | int


@dataclass(frozen=True)
class ListSpec:
    name: str
    columns: tuple[Column, ...]
    rows: Callable[[Session], list[Row]]  # each row: (id, *values in column order)
    # The first rows in the list's default order, shown while the rest loads (long lists only).
    first_rows: Callable[[Session, int], list[Row]] | None = None
