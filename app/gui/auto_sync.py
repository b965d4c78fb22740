"""The automatic sync inside the GUI: a timer runs the schedule off the UI thread and keeps the
status line (per shop: last success, next run, the hour's budget, a failed run in amber) up to date."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.services import nav_outbox
from app.services.nav_outbox import OutboxStatus
from app.sync.status import ShopStatus, shop_statuses
from app.timeutil import program_clock

if TYPE_CHECKING:
    from app.sync.shop_sync import ShopSyncReport

TICK_MS = 30_000
NAV_STYLES = {"amber": "color: #b26a00; font-weight: bold;", "red": "color: #b00020; font-weight: bold;"}
LEVELS = ("", "amber", "red")
TITLE = "Bolthíd – ügyviteli program"


class ClickableLabel(QLabel):
    """The status line: a click opens the Szinkronizációs napló."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class AutoSync(QObject):
    def __init__(self, ctx: AppContext, window: QMainWindow, *, tick_ms: int = TICK_MS) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.running = False
        self.last_runs: dict[int, datetime] = {}
        self.warned: set[int] = set()
        self.label = ClickableLabel("")
        self.label.setObjectName("sync_status")
        self.label.clicked.connect(self._open_log)
        window.statusBar().addWidget(self.label, 1)
        # NAV reports: waiting / rejected, amber after an hour, red after a day or on a rejection.
        self.nav_label = QLabel("")
        self.nav_label.setObjectName("nav_status")
        window.statusBar().addWidget(self.nav_label)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        ctx.changes.changed.connect(self._on_changed)

    def start(self) -> None:
        self.timer.start()
        self.refresh_status()

    def tick(self) -> None:
        if self.running:
            return  # a long run is still going: this tick is merged into it
        self.running = True
        self.ctx.tasks.run(self._run, self._ran, self._failed, parent=self.window)

    def _run(self, db: Database) -> list[ShopSyncReport]:
        from app.sync import scheduler  # the sync machinery, at the first tick

        return scheduler.run_due(db, CredentialStore(), self.last_runs, clock=program_clock())

    def _ran(self, results: list[ShopSyncReport]) -> None:
        self.running = False
        self.ctx.changes.emit(changes.NAV)  # the tick also reported to NAV
        if results:
            self.ctx.changes.emit(
                changes.SYNC, changes.DOCUMENTS, changes.STOCK, changes.PRODUCTS, changes.CUSTOMERS
            )
        else:
            self.refresh_status()

    def _failed(self, _exc: BaseException) -> None:
        self.running = False
        self.refresh_status()

    def refresh_status(self) -> None:
        self.ctx.tasks.run(self._statuses, self._show, parent=self.window)

    def _statuses(self, db: Database) -> tuple[list[ShopStatus], OutboxStatus]:
        with db.reading() as session:
            nav = nav_outbox.status(session)
        return shop_statuses(db, self.last_runs), nav

    def _show(self, loaded: tuple[list[ShopStatus], OutboxStatus]) -> None:
        statuses, nav = loaded
        self.nav_label.setText(nav.text)
        self.nav_label.setStyleSheet(NAV_STYLES.get(nav.level, ""))
        self.label.setText("   |   ".join(s.text() for s in statuses))
        self.label.setToolTip("\n\n".join(s.tooltip() for s in statuses))
        level = max((s.level for s in statuses), key=LEVELS.index, default="")
        self.label.setStyleSheet(NAV_STYLES.get(level, ""))
        bad = [s for s in statuses if s.stale]
        test = any(s.is_test for s in statuses)
        self.window.setWindowTitle(f"{TITLE} – TESZT ÜZEMMÓD" if test else TITLE)
        for status in bad:
            if status.shop_id in self.warned:
                continue
            self.warned.add(status.shop_id)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Webáruház szinkron",
                f"A(z) {status.name} webáruház 30 perce nem szinkronizált sikeresen."
                + (f"\nOk: {status.problem}" if status.problem else "")
                + "\nA részleteket a Webáruház › Szinkronizációs napló mutatja.",
                parent=self.window,
            )
            box.open()  # not modal for the rest of the work
        self.warned &= {s.shop_id for s in bad}

    def _open_log(self) -> None:
        from app.gui.navigation import open_tab
        from app.gui.screens.webshop.sync_log_view import SyncLogScreen

        open_tab(self.window, SyncLogScreen)

    def _on_changed(self, what: set[str]) -> None:
        if what & {changes.SYNC, changes.SHOPS, changes.NAV, changes.DOCUMENTS}:
            self.refresh_status()
