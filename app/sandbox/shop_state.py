"""Everything the sandbox shop knows, kept as JSON-friendly dicts and saved to a state file."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.sandbox.clock import ShopClock


@dataclass
class Readings:
    """Readings of what the contract leaves open or what live shops do otherwise.

    The defaults are the documented behaviour (unas-quirks.md section B): set calls stop at the
    first failing entity, errors are HTTP 400, cancelling an order gives its stock back. Every
    other reading is a switch the client must pass too.
    """

    limit_start_one_based: bool = False
    unsorted: bool = False
    exclusive_time_bounds: bool = False
    stop_at_first_error: bool = True  # documented (B46); False: every entity is processed
    async_images: bool = False
    reuse_deleted_keys: bool = False
    invoice_autoset_any_value: bool = False
    errors_http_200: bool = False  # errors answered with HTTP 200 instead of the documented 400
    ban_text_exclamation: bool = False  # "… banned till 05.24.2019 18:14:01!" (quirk 54)
    restock_on_cancel: bool = True  # a cancelled order's consumed stock goes back (not documented)
    merge_keeps_sources: bool = False  # merged orders' sources stay, cancelled (instead of vanishing)
    stop_answers_root_error: bool = False  # a stopped set call answers one root <Error> (B46: not shown)


@dataclass
class ShopData:
    api_keys: list[str] = field(default_factory=lambda: ["sandbox-api-key"])
    subscription: str = "PREMIUM"  # as the login answers it: "premium", "vip-100000" …
    login_refusal: str = ""  # "" | "package" (no API in the package) | "ip" (key bound to another IP)
    refuse_skus: list[str] = field(default_factory=list)  # set calls refuse these entities (tests)
    calculate_mode: str = "fromNetToGross"  # getSetting vat
    shop_id: str = "999001"
    shop_name: str = "Bolthíd tesztbolt"
    products: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    methods: list[dict[str, Any]] = field(default_factory=list)
    order_statuses: list[dict[str, Any]] = field(default_factory=list)
    next_id: int = 100000
    next_order_number: int = 1000
    deleted_order_keys: list[str] = field(default_factory=list)
    readings: Readings = field(default_factory=Readings)
    # Per-hour limits, overridable (tests use small numbers): "getOrder:multi" → calls.
    limit_overrides: dict[str, int] = field(default_factory=dict)


class ShopState:
    """The shop plus its runtime bookkeeping (tokens, call log, counters, bans), thread-safe."""

    def __init__(self, data: ShopData | None = None, path: Path | None = None) -> None:
        self.data = data or ShopData()
        self.path = path
        self.lock = threading.RLock()
        self.clock = ShopClock()
        self.tokens: dict[str, float] = {}  # token → expiry (unix time)
        self.calls: list[dict[str, Any]] = []  # every call: time, ip, endpoint, bucket, outcome
        self.bans: list[dict[str, Any]] = []  # every ban ever given
        self.ip_bans: dict[str, float] = {}  # ip → until (shop ban, answered with <Error>)
        self.silent_bans: dict[str, float] = {}  # ip → until (no answer at all)
        self.failed_logins: dict[str, list[float]] = {}
        self.unidentified: dict[str, list[float]] = {}
        self.failures: dict[tuple[str, str], int] = {}  # (ip, endpoint) → consecutive failures
        self.bucket_calls: dict[tuple[str, str], list[float]] = {}
        self.pending_images: list[tuple[float, str, dict[str, Any]]] = []
        # Where the shop's product images are served (the sandbox's own address once it runs).
        self.image_base = "https://sandbox.invalid"

    def new_id(self) -> int:
        with self.lock:
            self.data.next_id += 1
            return self.data.next_id

    def save(self) -> None:
        if self.path is None:
            return
        with self.lock:
            payload = asdict(self.data)
            payload["runtime"] = {"bans": self.bans, "ip_bans": self.ip_bans, "calls": len(self.calls)}
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)

    @classmethod
    def load(cls, path: Path) -> ShopState:
        raw = json.loads(path.read_text(encoding="utf-8"))
        runtime = raw.pop("runtime", {})
        readings = Readings(**raw.pop("readings", {}))
        state = cls(ShopData(**raw, readings=readings), path)
        state.bans = runtime.get("bans", [])
        state.ip_bans = {
            ip: until for ip, until in runtime.get("ip_bans", {}).items() if until > state.clock.now()
        }
        return state

    # --- lookups ----------------------------------------------------------------------------
    def product_by_sku(self, sku: str) -> dict[str, Any] | None:
        return next((p for p in self.data.products if p["sku"] == sku and p["state"] == "live"), None)

    def category(self, category_id: int) -> dict[str, Any] | None:
        return next((c for c in self.data.categories if c["id"] == category_id), None)

    def category_path(self, category: dict[str, Any]) -> str:
        names = [category["name"]]
        parent = self.category(category["parent_id"]) if category.get("parent_id") else None
        while parent is not None:
            names.insert(0, parent["name"])
            parent = self.category(parent["parent_id"]) if parent.get("parent_id") else None
        return "|".join(names)

    def category_by_path(self, path: str) -> dict[str, Any] | None:
        wanted = "|".join(part.strip() for part in path.split("|"))
        return next((c for c in self.data.categories if self.category_path(c) == wanted), None)

    def order_by_key(self, key: str) -> dict[str, Any] | None:
        return next((o for o in self.data.orders if o["key"] == key and not o.get("deleted")), None)

    def status(self, ident: str) -> dict[str, Any] | None:
        return next(
            (s for s in self.data.order_statuses if str(s["id"]) == ident or s["name"] == ident), None
        )
