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
    form = wizard.company_form
    form.widgets["name"].setText("Első Indítás Kft.")  # type: ignore[attr-defined]
    form.widgets["tax_number"].setText("12345676-2-41")  # type: ignore[attr-defined]
    # Begun but incomplete: Tovább stays on the page and says what is missing, in Hungarian.
    wizard.next()
    assert wizard.currentId() == 0
    assert wizard.company_problem.text() == "Kérjük, adja meg: Irányítószám, Település, Cím."
    for name, value in (("postal_code", "1111"), ("city", "Budapest"), ("street", "Fő u. 1.")):
        form.widgets[name].setText(value)  # type: ignore[attr-defined]
    # A wrong check digit is caught here, not on the first invoice.
    form.widgets["tax_number"].setText("12345675-2-41")  # type: ignore[attr-defined]
    wizard.next()
    assert wizard.currentId() == 0 and "ellenőrző" in wizard.company_problem.text()
    form.widgets["tax_number"].setText("12345676-2-41")  # type: ignore[attr-defined]
    wizard.next()
    assert wizard.currentId() == 1 and wizard.company_problem.text() == ""
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
