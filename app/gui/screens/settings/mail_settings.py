"""E-mail küldés beállításai: the SMTP server invoices are sent through (password kept in the keyring)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui.context import AppContext
from app.services.invoice_mail import SmtpSettings, load_smtp_settings, save_smtp_settings

SECURITY_LABELS = (
    ("starttls", "STARTTLS (587-es port)"),
    ("ssl", "SSL/TLS (465-ös port)"),
    ("none", "Nincs titkosítás"),
)


class MailSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("E-mail küldés beállításai")
        self.host = QLineEdit()
        self.host.setPlaceholderText("pl. smtp.gmail.com")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.security = QComboBox()
        for key, label in SECURITY_LABELS:
            self.security.addItem(label, key)
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("(változatlan)")
        form = QFormLayout()
        form.addRow("Levelezőszerver:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Titkosítás:", self.security)
        form.addRow("Felhasználónév:", self.user)
        form.addRow("Jelszó:", self.password)
        note = QLabel(
            "A számlákat a Saját cégadatok e-mail címéről küldjük. A jelszót a rendszer "
            "jelszótárolójában őrizzük, nem az adatbázisban."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Mentés")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Mégse")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setEnabled(False)
        ctx.tasks.run(self._load, self._fill, parent=self)

    def _load(self, db: Database) -> SmtpSettings:
        return load_smtp_settings(db)

    def _fill(self, settings: SmtpSettings) -> None:
        self.host.setText(settings.host)
        self.port.setValue(settings.port)
        self.security.setCurrentIndex(max(0, self.security.findData(settings.security)))
        self.user.setText(settings.user)
        self.setEnabled(True)

    def save(self) -> None:
        settings = SmtpSettings(
            self.host.text().strip(),
            self.port.value(),
            str(self.security.currentData()),
            self.user.text().strip(),
        )
        password = self.password.text() or None

        def work(db: Database) -> None:
            save_smtp_settings(db, CredentialStore(), settings, password)

        self.ctx.tasks.run(work, self._saved, self._failed, parent=self)

    def _saved(self, _result: object) -> None:
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        show_error(self, exc)
