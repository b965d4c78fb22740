"""What every entry point (GUI, CLI, scheduler) does first: open, migrate and seed the database."""

from __future__ import annotations

import logging

# Every table must be known to the ORM before the first flush (a document points at its shop even
# when the command at hand never touches shops).
import app.db.models  # noqa: F401
from app import __version__
from app.db.database import Database, connect
from app.services.seed import seed_defaults

log = logging.getLogger(__name__)


def open_database(url: str | None = None) -> Database:
    db = connect(url)
    log.info("Bolthid %s: database %s", __version__, db.engine.url.render_as_string(hide_password=True))
    if db.read_only:
        return db
    with db.transaction() as session:
        if seed_defaults(session):
            log.info("new database: default master data added")
    return db
