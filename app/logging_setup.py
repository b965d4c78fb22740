"""The program's log: a rotating file in the user's log folder (what support asks for)."""

from __future__ import annotations

import logging
import logging.handlers

from app import paths

LOG_FILE = "bolthid.log"
# One file per kind of process: the window and `sync --loop` often run at once, and on Windows a
# file another process holds open cannot be rotated (everything after the first 2 MB was lost).
LOG_FILES = {"gui": LOG_FILE, "sync": "bolthid-sync.log", "cli": "bolthid-cli.log"}
# Five files of 2 MB keep weeks of sync history without filling a small disk.
MAX_BYTES = 2_000_000
BACKUPS = 5


def setup_logging(level: int = logging.INFO, kind: str = "gui") -> None:
    root = logging.getLogger()
    if any(getattr(h, "_bolthid", False) for h in root.handlers):
        return
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir() / LOG_FILES[kind],
        maxBytes=MAX_BYTES,
        backupCount=BACKUPS,
        encoding="utf-8",
        delay=True,
    )
    handler._bolthid = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    # SQL statements and alembic's chatter stay out of the user's log unless asked for.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
