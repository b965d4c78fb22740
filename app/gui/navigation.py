"""Opening a screen as a tab of the main window from anywhere inside it (a status line, a start
page item, a message's button)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def open_tab(widget: QWidget | None, screen: type[QWidget]) -> None:
    """The main window holding ``widget`` opens (or shows) ``screen``; nothing outside one."""
    window = widget.window() if widget is not None else None
    open_screen = getattr(window, "open_screen", None)
    if open_screen is not None:
        open_screen(screen)
