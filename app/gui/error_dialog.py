"""The one place that turns exceptions into dialogs: Hungarian message, technical details on demand."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import AppError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Bolthíd – hiba")
    from app.db.failures import explain

    known = explain(exc)
    if known is not None:  # a full disk, a read-only or corrupt database: what to do, no SQL
        log.warning("database failure: %s", known.detail)
        exc = known
    if isinstance(exc, AppError):
        box.setText(exc.user_message)
        if exc.detail:
            box.setDetailedText(exc.detail)
    else:
        from app.crash_report import user_message, write_details

        log.error("unexpected error", exc_info=exc)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(user_message(write_details(exc, "grafikus felület")))
        detail = getattr(exc, "__traceback_text__", None) or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__)
        )
        box.setDetailedText(detail)
    box.exec()
