"""The technical users the service accepts: a documented default, or those of a JSON user file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class TechnicalUser:
    login: str
    password: str
    signature_key: str
    exchange_key: str  # 16 characters: the AES-128 key of the exchange token
    tax_number: str  # the taxpayer's 8-digit base

    def to_json(self) -> dict[str, str]:
        return asdict(self)


# The default test user (README "Beépített NAV tesztszolgáltatás"): public, for trying things out.
DEFAULT_USER = TechnicalUser(
    login="bolthidteszt",
    password="Teszt-Jelszo-2026",
    signature_key="bh-7e1f-0a9c4d2b6e8f1a3c5BOLTHID",
    exchange_key="BOLTHIDTESZT2026",
    tax_number="12345676",
)

FIELDS = ("login", "password", "signature_key", "exchange_key", "tax_number")


def load_user_file(path: Path) -> list[TechnicalUser]:
    """A JSON object with the five fields, or a list of such objects."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    items = raw if isinstance(raw, list) else [raw]
    users = []
    for item in items:
        missing = [f for f in FIELDS if not str(item.get(f, "")).strip()]
        if missing:
            raise ValueError(f"{path}: missing {', '.join(missing)}")
        user = TechnicalUser(**{f: str(item[f]).strip() for f in FIELDS})
        if len(user.exchange_key.encode()) != 16 or not (
            user.tax_number.isdigit() and len(user.tax_number) == 8
        ):
            raise ValueError(f"{path}: exchange_key must be 16 characters and tax_number 8 digits")
        users.append(user)
    return users
