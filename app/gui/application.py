"""Starting the GUI: Qt application, fonts, Hungarian locale, database, main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from types import TracebackType

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import collector, paths
from app.errors import AppError

log = logging.getLogger(__name__)

# --smoke quits once the window is shown and its lists have loaded; it gives up after this long
# (milliseconds) and then exits with an error, so a hanging start fails the installer check.
SMOKE_TIMEOUT_MS = 30000


def _register_fonts(app: QApplication) -> None:
    # Shipped fonts: offscreen or on a bare system without fonts Qt would draw empty boxes.
    family = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    if family and sys.platform != "win32":
        app.setFont(QFont(family, 10))


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("uncaught exception", exc_info=(exc_type, exc, tb))
    from app.gui.error_dialog import show_error

    show_error(None, exc.with_traceback(tb))


def _smoke_excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """--smoke runs unattended (installers, CI): an error is printed and ends it, never a dialog."""
    log.error("uncaught exception", exc_info=(exc_type, exc, tb))
    print(f"smoke: váratlan hiba: {exc_type.__name__}: {exc}", file=sys.stderr)
    app = QApplication.instance()
    if app is not None:
        app.exit(1)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    # Once per application: setting the application font again re-polishes every live widget, and
    # each call registered the fonts once more (tests call this for every test).
    if app.property("bolthid_ready"):
        return app
    app.setProperty("bolthid_ready", True)
    app.setApplicationName("Bolthíd")
    app.setOrganizationName("Bolthid")
    QLocale.setDefault(QLocale(QLocale.Language.Hungarian, QLocale.Country.Hungary))
    _load_qt_translations(app)
    icon = paths.resources_dir() / "icons" / "bolthid.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _register_fonts(app)
    return app


def _load_qt_translations(app: QApplication) -> None:
    """Qt's own texts in Hungarian too (Igen/Nem, Részletek…, the file dialog, the context menus):
    the translations PySide6 ships, once per application."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_hu", "qt_hu"):
        translator = QTranslator(app)  # parented: lives as long as the application
        if translator.load(name, folder):
            app.installTranslator(translator)


def build_main_window(db):
    from app.gui.changes import ChangeBus
    from app.gui.context import AppContext
    from app.gui.screens.main_window import MainWindow
    from app.gui.tasks import TaskRunner

    ctx = AppContext(db=db, tasks=TaskRunner(db), changes=ChangeBus())
    return MainWindow(ctx)


def run_gui(db_url: str | None = None, smoke: bool = False, demo: bool = False) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "Nincs grafikus kijelző (DISPLAY), ezért a program ablaka nem nyitható meg.\n"
            "Parancssorból is használható, pl.: bolthid list products, bolthid stock, bolthid --help",
            file=sys.stderr,
        )
        return 2
    app = create_application()
    from app.bootstrap import open_database

    try:
        db = open_database(db_url)
    except AppError as exc:
        if smoke:
            print(f"smoke: {exc.user_message}", file=sys.stderr)
        else:
            QMessageBox.critical(
                None, "Bolthíd", exc.user_message + (f"\n\n{exc.detail}" if exc.detail else "")
            )
        return 1
    collector.resume()  # the modules, the engine and the mapped ORM are in place: the start's heap
    sys.excepthook = _smoke_excepthook if smoke else _excepthook
    window = build_main_window(db)
    window.show()
    window.resume_test_shop(start_if_none=demo and not smoke)
    if not smoke:
        from app.gui.screens.settings.first_run import FirstRunWizard, needs_first_run

        if needs_first_run(db):
            FirstRunWizard(window.ctx, window, window).open()
    if db.backup_made:
        window.statusBar().showMessage(f"Adatbázis frissítve; mentés előtte: {db.backup_made}", 15000)
    for notice in db.notices:
        if not smoke:
            QMessageBox(QMessageBox.Icon.Warning, "Bolthíd – adatbázis", notice, parent=window).open()
    settled: list[float] = []
    if smoke:
        _quit_when_settled(app, window, settled)
    code = app.exec()
    window.ctx.tasks.close(10000)  # nothing new starts while the database closes
    db.dispose()
    if smoke:
        if not settled:
            print("smoke: a főablak nem töltődött be időben", file=sys.stderr)
            return 1
        print(f"smoke: főablak megnyílt, listák betöltve {settled[0]:.2f} s alatt, kilépés rendben")
    return code


def _quit_when_settled(app: QApplication, window, settled: list[float]) -> None:
    started = time.perf_counter()
    timer = QTimer(window)

    def check() -> None:
        elapsed = time.perf_counter() - started
        if window.isVisible() and window.ctx.tasks.is_idle():
            settled.append(elapsed)
            app.quit()
        elif elapsed * 1000 > SMOKE_TIMEOUT_MS:
            app.quit()

    timer.timeout.connect(check)
    timer.start(20)
