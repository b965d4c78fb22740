"""What the service holds: users, tokens, received transactions and the invoices NAV "knows".

One lock guards it all (requests are few); it is saved to a JSON file after every change when
the service runs with ``--state``, so a restarted service still knows what it received.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.navsandbox.clock import ServiceClock
from app.navsandbox.users import DEFAULT_USER, TechnicalUser

TOKEN_SECONDS = 300  # "currently 5 minutes"


@dataclass
class Item:
    index: int
    operation: str  # CREATE | MODIFY | STORNO | ANNUL
    data: str  # base64, as received
    number: str = ""
    status: str = "RECEIVED"
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Transaction:
    transaction_id: str
    tax_number: str
    login: str
    request_id: str
    received_at: float
    items: list[Item]
    annulment: bool = False
    processed: bool = False
    annulment_status: str = ""  # VERIFICATION_PENDING | VERIFICATION_DONE | NOT_VERIFIABLE …


@dataclass
class KnownInvoice:
    """An invoice data report NAV accepted (DONE): the numbers and the chain NAV checks against."""

    number: str
    tax_number: str
    operation: str
    transaction_id: str
    index: int
    original: str = ""  # the base invoice of a modification or storno
    modification_index: int = 0
    line_refs: list[int] = field(default_factory=list)  # line numbers this document added to its chain


@dataclass
class Taxpayer:
    status: str = "valid"  # valid | invalid | unknown
    name: str = ""


class ServiceState:
    def __init__(self, path: Path | None = None, users: list[TechnicalUser] | None = None) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.clock = ServiceClock()
        self.users = {u.login: u for u in (users or [DEFAULT_USER])}
        self.tokens: dict[str, tuple[str, float]] = {}  # token → (tax number, expires)
        self.request_ids: dict[str, float] = {}  # "tax:requestId" → when seen
        self.transactions: dict[str, Transaction] = {}
        self.invoices: dict[str, KnownInvoice] = {}  # "tax:number" → report
        self.taxpayers: dict[str, Taxpayer] = {}
        self.processing_seconds = 0.0  # how long a transaction stays RECEIVED/PROCESSING
        self.counter = 0
        if path is not None and path.exists():
            self._load(path)

    # --- lookups ----------------------------------------------------------------------------------
    def known(self, tax_number: str, number: str) -> KnownInvoice | None:
        return self.invoices.get(f"{tax_number}:{number}")

    def chain(self, tax_number: str, original: str) -> list[KnownInvoice]:
        return [i for i in self.invoices.values() if i.tax_number == tax_number and i.original == original]

    def next_transaction_id(self) -> str:
        self.counter += 1
        return f"BHNAV{int(self.clock.now())}{self.counter:06d}"[:30]

    # --- persistence ----------------------------------------------------------------------------
    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "offset": self.clock.offset,
            "counter": self.counter,
            "processing_seconds": self.processing_seconds,
            "users": [u.to_json() for u in self.users.values()],
            "request_ids": self.request_ids,
            "transactions": [asdict(t) for t in self.transactions.values()],
            "invoices": [asdict(i) for i in self.invoices.values()],
            "taxpayers": {k: asdict(v) for k, v in self.taxpayers.items()},
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.clock.offset = float(data.get("offset", 0.0))
        self.counter = int(data.get("counter", 0))
        self.processing_seconds = float(data.get("processing_seconds", 0.0))
        for raw in data.get("users", []):
            user = TechnicalUser(**raw)
            self.users.setdefault(user.login, user)
        self.request_ids = {k: float(v) for k, v in data.get("request_ids", {}).items()}
        for raw in data.get("transactions", []):
            items = [Item(**i) for i in raw.pop("items")]
            tx = Transaction(items=items, **raw)
            self.transactions[tx.transaction_id] = tx
        for raw in data.get("invoices", []):
            inv = KnownInvoice(**raw)
            self.invoices[f"{inv.tax_number}:{inv.number}"] = inv
        self.taxpayers = {k: Taxpayer(**v) for k, v in data.get("taxpayers", {}).items()}
