"""Anything unexpected, written down for the support: a details file in the log folder.

The user sees a Hungarian message with the file's place, never a traceback; the file has the
traceback, the program version and the command, so nothing is lost.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

from app import __version__, paths


def write_details(exc: BaseException, what: str = "") -> Path | None:
    """The details file of ``exc`` (None when even the log folder cannot be written)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        path = paths.log_dir() / f"hiba-{stamp}.txt"
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        path.write_text(
            f"Bolthíd {__version__} · Python {platform.python_version()} · {platform.platform()}\n"
            f"Művelet: {what or ' '.join(sys.argv)}\n\n{text}",
            encoding="utf-8",
        )
        return path
    except OSError:
        return None


def user_message(path: Path | None) -> str:
    where = f" A részletek ebben a fájlban vannak: {path}" if path else ""
    return (
        "Váratlan hiba történt; az adatai nem vesztek el, a művelet nem fejeződött be."
        + where
        + " Ha a hiba ismétlődik, küldje el ezt a fájlt a támogatásnak."
    )
