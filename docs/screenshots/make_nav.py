"""Renders docs/screenshots/nav_invoices.png and nav_messages.png: the Számlák list's NAV column and a
rejected report's messages, with the built-in NAV service answering for real.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_nav.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    os.environ["BOLTHID_HOME"] = tempfile.mkdtemp()
    os.environ.setdefault("BOLTHID_KEYRING", "file")
    sys.path.insert(0, str(HERE.parents[1]))
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import open_database
    from app.credentials import CredentialStore
    from app.gui.application import create_application
    from app.gui.changes import ChangeBus
    from app.gui.context import AppContext
    from app.gui.screens.sales.document_lists import InvoiceListScreen
    from app.gui.screens.sales.nav_report import NavReportDialog
    from app.gui.tasks import TaskRunner
    from app.navsandbox.server import NavTestService
    from app.navsandbox.users import TechnicalUser
    from app.sync.nav_sender import send_reports
    from tests.nav.conftest import set_up_nav
    from tests.services.test_invoicing import issue, make_order, set_company

    app = create_application()
    db = open_database()
    creds = CredentialStore()
    service = NavTestService().start()
    other = TechnicalUser(
        "konyvelo01", "Konyvelo-Jelszo", "kv-0000-konyvelo-alairokulcs-0000", "KONYVELOCSEREKUL", "87654323"
    )
    service.add_user(other)
    with db.issuing() as s:
        set_company(s)
        issue(s, make_order(s, [("FURO-1", "27%", "1", "45990")], customer="Kovács és Társa Bt."))
    set_up_nav(db, creds, service)
    send_reports(db, creds)
    with db.issuing() as s:
        issue(s, make_order(s, [("KONYV-1", "5%", "2", "4990")], customer="Szép Könyv Kft."))
    set_up_nav(db, creds, service, user=other)  # the accountant's technical user by mistake
    send_reports(db, creds)
    with db.issuing() as s:
        issue(s, make_order(s, [("LAMPA-LED", "27%", "1", "8990")], customer="Fény Kft."))
    service.inject("maintenance", count=10)
    send_reports(db, creds)

    ctx = AppContext(db=db, tasks=TaskRunner(db), changes=ChangeBus())
    screen = InvoiceListScreen(ctx)
    screen.resize(1300, 300)
    screen.show()
    deadline = 200
    while screen.model.rowCount() < 3 and deadline:
        app.processEvents()
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
        deadline -= 1
    screen.grab().save(str(HERE / "nav_invoices.png"))
    rejected = next(
        screen.model.row_id(r) for r in range(3) if screen.model.index(r, 4).data() == "Elutasítva"
    )
    dialog = NavReportDialog(ctx, rejected)
    dialog.resize(900, 420)
    dialog.show()
    for _ in range(100):
        app.processEvents()
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
        if dialog.messages.rowCount():
            break
    for _ in range(10):
        app.processEvents()
    dialog.grab().save(str(HERE / "nav_messages.png"))
    ctx.tasks.wait()
    service.stop()
    db.dispose()
    print("written nav_invoices.png, nav_messages.png", file=sys.stderr)


if __name__ == "__main__":
    main()
