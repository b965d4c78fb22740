"""First run: company data, then the test mode starts the built-in test shop."""

from __future__ import annotations

from sqlalchemy import select

from app.db.company import Company
from app.db.shops import Shop
from app.gui.context import AppContext
from app.gui.screens.main_window import MainWindow
from app.gui.screens.settings.first_run import FirstRunWizard, needs_first_run


def test_first_run_saves_company_and_starts_test_mode(ctx: AppContext, qtbot, messages) -> None:
    assert needs_first_run(ctx.db)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    wizard = FirstRunWizard(ctx, window, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.company_form.widgets["name"].setText("Első Indítás Kft.")  # type: ignore[attr-defined]
    wizard.company_form.widgets["tax_number"].setText("12345676-2-41")  # type: ignore[attr-defined]
    wizard.next()
    assert wizard.test_mode.isChecked()
    wizard.accept()
    qtbot.waitUntil(lambda: window.test_server is not None, timeout=20000)
    try:
        qtbot.waitUntil(lambda: len(messages) == 1, timeout=5000)
        assert "tesztbolt elindult" in messages[0]
        with ctx.db.reading() as s:
            assert s.scalar(select(Company.name)) == "Első Indítás Kft."
            shop = s.scalar(select(Shop))
            assert shop is not None and shop.is_test
        assert not needs_first_run(ctx.db)
    finally:
        window.test_server.stop()  # type: ignore[union-attr]
        window.test_server = None
        if window.test_nav is not None:
            window.test_nav.stop()
            window.test_nav = None
