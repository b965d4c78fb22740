"""Mentés és visszaállítás: a backup made from the dialog is listed (SQLite); PostgreSQL gets guidance."""

from __future__ import annotations

from app.gui.context import AppContext
from app.gui.screens.settings.backups import BackupDialog


def test_backup_now_is_listed(ctx: AppContext, qtbot, messages) -> None:
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    if dialog.db_file is None:
        from PySide6.QtWidgets import QLabel

        assert any("pg_dump" in label.text() for label in dialog.findChildren(QLabel))
        return
    before = dialog.list.count()
    dialog._backup_now()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert messages[0].startswith("Mentve:") and dialog.list.count() == before + 1
