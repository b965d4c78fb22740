"""Set-up shared by the tests that run the sync many times in forked processes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.credentials import CredentialStore
from app.db.database import Database
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopData, ShopState
from app.sync import shops

# Hundreds of runs in a minute: as if an hour passed between them (limits are tested elsewhere).
NO_LIMITS = {
    bucket: 10**6
    for bucket in (
        "getOrder:multi",
        "getOrder:single",
        "getOrderStatus:flat",
        "getProduct:multi",
        "getProduct:single",
        "getCategory:multi",
        "getMethod:flat",
        "setProduct:small",
        "setStock:small",
        "setCategory:small",
        "all",
        "login",
    )
}


def unlimited_sandbox(data: ShopData) -> SandboxServer:
    server = SandboxServer(ShopState(data)).start()
    server.set_limits(NO_LIMITS)
    return server


def add_shop(db: Database, creds_dir: Path, server: SandboxServer, name: str) -> int:
    creds = CredentialStore(creds_dir, use_keyring=False)
    return shops.add_shop(
        db,
        creds,
        shops.ShopSettings(name=name, base_url=server.base_url, import_since=date(2020, 1, 1)),
        "sandbox-api-key",
    )
