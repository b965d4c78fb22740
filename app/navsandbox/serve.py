"""`bolthid nav serve`: the built-in NAV test service in the foreground, until Ctrl+C."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from app.navsandbox.server import NavTestService
from app.navsandbox.state import ServiceState
from app.navsandbox.users import DEFAULT_USER, load_user_file


def serve(port: int = 0, state_file: Path | None = None, user_file: Path | None = None) -> int:
    users = load_user_file(user_file) if user_file else [DEFAULT_USER]
    service = NavTestService(ServiceState(state_file, users), port=port).start()
    print(f"NAV tesztszolgáltatás: {service.base_url}", flush=True)
    for user in users:
        print(f"  technikai felhasználó: {user.login}, adószám: {user.tax_number}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    finally:
        service.stop()
    print("NAV tesztszolgáltatás leállítva.", file=sys.stderr)
    return 0
