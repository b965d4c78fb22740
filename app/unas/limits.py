"""The documented hourly call limits, per endpoint and package tier (PREMIUM, VIP)."""

from __future__ import annotations

from dataclasses import dataclass

# Calls per hour: (PREMIUM, VIP).
LimitPair = tuple[int, int]

GENERAL_PER_HOUR: LimitPair = (2000, 6000)  # every call from one IP
LOGIN_SUCCESS: LimitPair = (2000, 6000)
LOGIN_FAILED_PER_HOUR = 5
FAILED_CALLS_PER_ENDPOINT = 20  # a success resets it; no time window is documented

SINGLE: LimitPair = (1000, 3000)
MULTI: LimitPair = (30, 90)
SET_SMALL: LimitPair = (1000, 3000)  # ≤ 100 records
SET_LARGE: LimitPair = (30, 90)  # > 100 records
FLAT: LimitPair = (30, 90)

SET_BATCH = 100  # records per set call: above it the 30/90 tier applies

# endpoint → (kind, limits); kind "get": single/multi, "set": small/large, "flat": one figure.
ENDPOINTS: dict[str, tuple[str, tuple[LimitPair, LimitPair]]] = {
    "getOrder": ("get", (SINGLE, MULTI)),
    "setOrder": ("set", (SET_SMALL, SET_LARGE)),
    "getStock": ("get", (SINGLE, MULTI)),
    "setStock": ("set", (SET_SMALL, SET_LARGE)),
    "getProduct": ("get", (SINGLE, MULTI)),
    "setProduct": ("set", (SET_SMALL, SET_LARGE)),
    "getCategory": ("get", (SINGLE, MULTI)),
    "setCategory": ("set", (SET_SMALL, SET_LARGE)),
    "getCustomer": ("get", (SINGLE, MULTI)),
    "setCustomer": ("set", (SET_SMALL, SET_LARGE)),
    "getMethod": ("flat", (FLAT, FLAT)),
    "getOrderStatus": ("flat", (FLAT, FLAT)),
    # Not documented: kept to the smallest figure; called at most once a day.
    "getSetting": ("flat", (FLAT, FLAT)),
}


@dataclass(frozen=True)
class Bucket:
    """A budget counter: endpoint plus tier ("single", "multi", "small", "large", "flat")."""

    endpoint: str
    tier: str

    @property
    def name(self) -> str:
        return f"{self.endpoint}:{self.tier}"


def bucket_for(endpoint: str, *, single: bool = False, records: int = 0) -> Bucket:
    kind, _ = ENDPOINTS[endpoint]
    if kind == "get":
        return Bucket(endpoint, "single" if single else "multi")
    if kind == "set":
        return Bucket(endpoint, "small" if records <= SET_BATCH else "large")
    return Bucket(endpoint, "flat")


def package(subscription: str | None) -> str:
    """The package by its prefix: live shops answer e.g. "vip-100000" or "premium" (quirk 42)."""
    word = (subscription or "").strip().lower()
    if word.startswith("vip"):
        return "VIP"
    return "PREMIUM"  # unknown packages get the smaller figures


def _vip(subscription: str) -> int:
    return 1 if package(subscription) == "VIP" else 0


def limit_of(bucket: Bucket, subscription: str) -> int:
    _kind, (first, second) = ENDPOINTS[bucket.endpoint]
    pair = first if bucket.tier in ("single", "small", "flat") else second
    return pair[_vip(subscription)]


def general_limit(subscription: str) -> int:
    return GENERAL_PER_HOUR[_vip(subscription)]


def budget_text(subscription: str | None) -> str:
    """The hourly budgets the program keeps to for this package, in Hungarian."""
    sub = subscription or ""
    get, vip = ENDPOINTS["getOrder"][1], _vip(sub)
    return (
        f"{package(sub)} csomag ({sub or 'ismeretlen'}): getOrder, több rendelés: {get[1][vip]}/óra, "
        f"egy rendelés: {get[0][vip]}/óra; set hívások (≤ {SET_BATCH} tétel): {SET_SMALL[vip]}/óra; "
        f"összesen: {general_limit(sub)}/óra"
    )
