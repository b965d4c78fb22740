"""The Qt side of app.progress.Progress: a dialog that appears only if work takes a while."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import Cancelled

# The dialog appears only when the work is still running after this long (ms): quick runs
# should not flash a window.
SHOW_AFTER_MS = 500


class QtProgress(QObject):
    """Reported from the worker thread, shown on the UI thread; Cancel only sets a flag."""

    reported = Signal(object, object, str)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.cancelled = False
        self.dialog = QProgressDialog(title, "Mégse", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.canceled.connect(self._cancel)
        self.reported.connect(self._show)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)

    def report(self, done: int, total: int | None = None, label: str = "") -> None:
        self.reported.emit(done, total, label)

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def finish(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()

    def _cancel(self) -> None:
        self.cancelled = True

    def _show(self, done: int, total: int | None, label: str) -> None:
        self.dialog.setMaximum(total or 0)
        self.dialog.setValue(done if total else 0)
        self.dialog.setLabelText(f"{label}: {done}" + (f" / {total}" if total else ""))
