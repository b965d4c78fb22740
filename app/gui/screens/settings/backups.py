"""Mentés és visszaállítás: the SQLite backups (daily, before migrations and Élesítés) and restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.backup import (
    PG_DUMP_HINT,
    backup_sqlite,
    default_backup_path,
    list_backups,
    restore_sqlite,
    sqlite_file,
)
from app.db.database import Database
from app.formatting import format_date
from app.gui.context import AppContext


class BackupDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Mentés és visszaállítás")
        self.resize(560, 420)
        self.db_file = sqlite_file(ctx.db.url)
        layout = QVBoxLayout(self)
        if self.db_file is None:
            hint = QLabel(PG_DUMP_HINT)
            hint.setWordWrap(True)
            layout.addWidget(hint)
            return
        info = QLabel(
            "A program naponta, minden adatbázis-frissítés és élesítés előtt automatikusan ment. "
            "Visszaállításkor a jelenlegi állapotról is mentés készül."
        )
        info.setWordWrap(True)
        self.list = QListWidget()
        buttons = QHBoxLayout()
        backup_now = QPushButton("Mentés most")
        backup_now.clicked.connect(self._backup_now)
        self.restore_button = QPushButton("Visszaállítás…")
        self.restore_button.clicked.connect(self._restore)
        buttons.addWidget(backup_now)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout.addWidget(info)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        from datetime import UTC, datetime

        for path in list_backups():
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            item = QListWidgetItem(f"{format_date(when)}   {path.name}   ({path.stat().st_size // 1024} KB)")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)

    def _backup_now(self) -> None:
        source = self.db_file
        assert source is not None

        def work(_db: Database) -> Path:
            return backup_sqlite(source, default_backup_path("kezi"))

        def done(path: Path) -> None:
            self._fill()
            QMessageBox.information(self, "Mentés", f"Mentve: {path}")

        self.ctx.tasks.run(work, done, parent=self)

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None or self.db_file is None:
            return
        backup = Path(item.data(Qt.ItemDataRole.UserRole))
        answer = QMessageBox.question(
            self,
            "Visszaállítás",
            f"Visszaállítja ezt a mentést?\n{backup.name}\n\nA jelenlegi adatokról előbb mentés készül; "
            "a program ezután kilép, indítsa újra.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.tasks.wait(10000)
        self.ctx.db.dispose()  # no connection may stay open on the file being replaced
        safety = restore_sqlite(backup, self.db_file)
        QMessageBox.information(
            self,
            "Visszaállítás",
            f"A mentés visszaállítva. Az előző állapot mentése: {safety}\n"
            "A program most kilép; indítsa újra.",
        )
        QApplication.quit()
