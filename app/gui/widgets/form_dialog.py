"""A dialog that loads a record off the UI thread, shows a form, and saves it off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.db.database import Database
from app.errors import AppError
from app.gui.context import AppContext
from app.gui.error_dialog import show_error


class FormDialog(QDialog):
    """``load(db) -> values``; ``save(db, values)``; ``changed`` names what the save changes."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        form: Any,
        load: Callable[[Database], dict[str, Any]],
        save: Callable[[Database, dict[str, Any]], Any],
        changed: tuple[str, ...],
        parent: QWidget | None = None,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self._save = save
        self._changed = changed
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(form)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("Mentés", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Mégse", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setEnabled(False)

        def loaded(values: dict[str, Any]) -> None:
            form.set_values(values)
            self.setEnabled(True)

        ctx.tasks.run(load, loaded, parent=self)

    def save(self) -> None:
        try:
            values = self.form.values()
        except AppError as exc:
            show_error(self, exc)
            return

        def saved(_result: Any) -> None:
            self.ctx.changes.emit(*self._changed)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            show_error(self, exc)

        self.buttons.setEnabled(False)
        self.ctx.tasks.run(lambda db: self._save(db, values), saved, failed, parent=self)
