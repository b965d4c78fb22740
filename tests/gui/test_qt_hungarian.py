"""Qt's own texts are Hungarian as well (they were English: Yes/No, Show Details…)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.gui.application import create_application


def test_qt_standard_buttons_speak_hungarian(qtbot) -> None:
    create_application()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = {
        box.button(b).text().replace("&", "")
        for b in (QDialogButtonBox.StandardButton.Yes, QDialogButtonBox.StandardButton.No)
    }
    assert texts == {"Igen", "Nem"}
    message = QMessageBox(QMessageBox.Icon.Warning, "Bolthíd", "Hiba", QMessageBox.StandardButton.Ok)
    message.setDetailedText("részletek")
    qtbot.addWidget(message)
    details = [b.text() for b in message.buttons() if "etail" in b.text() or "észlet" in b.text()]
    assert details and all("Show" not in t for t in details), details
