"""What every screen needs: the database, the task runner and the change bus."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.database import Database
from app.gui.changes import ChangeBus
from app.gui.tasks import TaskRunner


@dataclass
class AppContext:
    db: Database
    tasks: TaskRunner
    changes: ChangeBus
