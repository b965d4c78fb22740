"""Törzsadatok › NAV Online Számla: the technical user, the environment, a connection test.

The password and the keys are never shown back: a saved one is kept when its field stays empty.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui.context import AppContext
from app.services import nav_settings

RED = "#b00020"
HELP = (
    "A technikai felhasználót a NAV Online Számla felületén (onlineszamla.nav.gov.hu) az elsődleges "
    "felhasználó hozza létre: Felhasználók › Új felhasználó › Technikai felhasználó, majd "
    "„Kulcsgenerálás”: ott látható az aláírókulcs és a cserekulcs. Előbb a tesztkörnyezetben "
    "(onlineszamla-test.nav.gov.hu) érdemes kipróbálni. A jelszót és a kulcsokat a rendszer "
    "jelszótárolója őrzi, az adatbázisba nem kerülnek."
)


class NavSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("NAV Online Számla beállítások")
        self.resize(620, 420)
        self.environment = QComboBox()
        for key, label in nav_settings.ENVIRONMENTS.items():
            self.environment.addItem(label, key)
        self.environment.currentIndexChanged.connect(self._environment_changed)
        self.url = QLineEdit()
        self.login = QLineEdit()
        self.login.setPlaceholderText("6–15 betű vagy számjegy")
        self.tax_number = QLineEdit()
        self.tax_number.setPlaceholderText("12345678-1-23 (az első 8 számjegy elég)")
        self.password = self._secret()
        self.signature_key = self._secret()
        self.exchange_key = self._secret()
        form = QFormLayout()
        form.addRow("Környezet:", self.environment)
        form.addRow("Cím:", self.url)
        form.addRow("Technikai felhasználó:", self.login)
        form.addRow("Adószám:", self.tax_number)
        form.addRow("Jelszó:", self.password)
        form.addRow("Aláírókulcs:", self.signature_key)
        form.addRow("Cserekulcs:", self.exchange_key)
        self.state = QLabel("")
        self.state.setObjectName("nav_settings_state")
        self.state.setWordWrap(True)
        help_text = QLabel(HELP)
        help_text.setWordWrap(True)
        self.test_button = QPushButton("Kapcsolat tesztelése")
        self.test_button.clicked.connect(self.test)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Mentés")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Bezárás")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(self.test_button)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        self.has_saved = False
        self.setEnabled(False)
        ctx.tasks.run(self._load, self._fill, parent=self)

    def _secret(self) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _environment_changed(self) -> None:
        url = nav_settings.URLS.get(str(self.environment.currentData()), "")
        if url:
            self.url.setText(url)
        elif not self.url.text().startswith("http://127.0.0.1"):
            self.url.setText("http://127.0.0.1:8766/invoiceService/v3/")

    def _load(self, db: Database) -> dict[str, Any]:
        with db.reading() as session:
            return nav_settings.describe(session)

    def _fill(self, described: dict[str, Any]) -> None:
        self.setEnabled(True)
        if not described.get("configured"):
            self.environment.setCurrentIndex(self.environment.findData(nav_settings.TEST))
            self._environment_changed()
            self._show("Még nincs beállítva: addig a számlák beküldésre várnak.", red=False)
            return
        self.has_saved = True
        self.environment.setCurrentIndex(max(0, self.environment.findData(described["environment"])))
        self.url.setText(str(described["base_url"]))
        self.login.setText(str(described["login"]))
        self.tax_number.setText(str(described["tax_number"]))
        for field in (self.password, self.signature_key, self.exchange_key):
            field.setPlaceholderText("(elmentve – üresen hagyva nem változik)")
        if described.get("stopped_reason"):
            self._show(f"A beküldés szünetel: {described['stopped_reason']}", red=True)

    def _show(self, text: str, *, red: bool) -> None:
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {RED}; font-weight: bold;" if red else "color: #1b5e20;")

    def _input(self) -> nav_settings.NavSettingsInput:
        return nav_settings.NavSettingsInput(
            environment=str(self.environment.currentData()),
            login=self.login.text(),
            tax_number=self.tax_number.text(),
            base_url=self.url.text(),
            password=self.password.text(),
            signature_key=self.signature_key.text(),
            exchange_key=self.exchange_key.text(),
        )

    def _store(self, db: Database, data: nav_settings.NavSettingsInput) -> None:
        with db.transaction() as session:
            nav_settings.save_profile(session, CredentialStore(), data)

    def save(self) -> None:
        data = self._input()
        self.ctx.tasks.run(
            lambda db: self._store(db, data), lambda _r: self.accept(), self._failed, parent=self
        )

    def test(self) -> None:
        """Saves what is entered, then asks NAV (off the UI thread)."""
        from app.sync.nav_connection import test_connection

        data = self._input()

        def work(db: Database) -> Any:
            self._store(db, data)
            return test_connection(db, CredentialStore())

        self.test_button.setEnabled(False)
        self._show("Kapcsolódás a NAV-hoz…", red=False)
        self.ctx.tasks.run(work, self._tested, self._failed, parent=self)

    def _tested(self, result: Any) -> None:
        self.test_button.setEnabled(True)
        self.has_saved = True
        self._show(result.message, red=not result.ok)

    def _failed(self, exc: BaseException) -> None:
        from app.errors import AppError

        self.test_button.setEnabled(True)
        if isinstance(exc, AppError):
            self._show(exc.user_message, red=True)
            return
        from app.gui.error_dialog import show_error

        show_error(self, exc)
