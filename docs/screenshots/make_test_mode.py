"""Takes docs/screenshots/test_mode.png: a fresh install in test mode after one Webáruház szinkron.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/make_test_mode.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).with_name("test_mode.png")


def main() -> None:
    os.environ["BOLTHID_HOME"] = tempfile.mkdtemp(prefix="bolthid-shot-")
    os.environ["BOLTHID_KEYRING"] = "file"
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from PySide6.QtCore import QEventLoop, QTimer

    from app.bootstrap import open_database
    from app.credentials import CredentialStore
    from app.gui.application import build_main_window, create_application
    from app.gui.screens.sales.document_lists import OrderListScreen
    from app.sandbox_shop import start_test_shop
    from app.sync.shop_sync import Job, Trigger, sync_shop

    app = create_application()
    db = open_database()
    test = start_test_shop(db, CredentialStore())
    sync_shop(db, CredentialStore(), test.shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON)
    window = build_main_window(db)
    window.test_server = test.server
    window.resize(1400, 860)
    window.show()
    window.open_screen(OrderListScreen)
    loop = QEventLoop()
    QTimer.singleShot(2500, loop.quit)
    loop.exec()
    window.grab().save(str(OUT))
    test.server.stop()
    print(OUT)
    del app


if __name__ == "__main__":
    main()
