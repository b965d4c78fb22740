"""The sandbox's HTTP server: UNAS endpoints under /shop/, limits and bans, admin and faults.

Admin endpoints (JSON, POST unless noted), for tests and demos:
  GET  /_admin/state      counts of products, orders …, readings, bans, calls
  GET  /_admin/calls      every call recorded;  GET /_admin/bans  every ban given
  POST /_admin/fault      {"kind": "delay"|"http500"|"truncate"|"drop"|"error_text"|"redirect"|"drip"
                           |"body", "count": 1, "seconds": 2, "text": "…"}  (error_text: an <Error>
                           with that text; redirect: to "text" or itself; drip: one byte every
                           "seconds"; body: the answer replaced by the base64 bytes in "text")
  POST /_admin/expire_tokens, /_admin/ban_now {"seconds": 3600}, /_admin/unban
  POST /_admin/readings   {"unsorted": true, …} (see shop_state.Readings)
  POST /_admin/limits     {"getOrder:multi": 3, …}
  POST /_admin/shop       {"subscription": "vip-100000", "login_refusal": "package"|"ip"|""}
  POST /_admin/place_order  {} → a new random order, as if a buyer had just ordered (stock consumed)
  POST /_admin/order_event  {"kind": "merge", "keys": [...]} | split {key, skus} | return_of
                          {key, quantities} | change_items {key, quantities} | set_status {key, status_id}
  POST /_admin/advance    {"seconds": 3600} → the shop's clock moves on (bans, tokens, limits expire)
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import threading
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from app.sandbox import endpoints, order_events
from app.sandbox.shop_state import Readings, ShopState
from app.sandbox.xmlio import BadRequest, ban_text, dump, error, local_time, node, read, root

TOKEN_SECONDS = 2 * 3600
BAN_SECONDS = 3600
SILENT_BAN_SECONDS = 2 * 3600

# The contract's hourly limits (PREMIUM, VIP); overridable per bucket through limit_overrides.
LIMITS = {
    "single": (1000, 3000),
    "multi": (30, 90),
    "small": (1000, 3000),
    "large": (30, 90),
    "flat": (30, 90),
    "login": (2000, 6000),
    "all": (2000, 6000),
}
FAILED_LOGINS_PER_HOUR = 5
FAILED_CALLS_PER_ENDPOINT = 20
UNIDENTIFIED_PER_10_MIN = 10


class _Drop(Exception):
    """Close the connection without any answer."""


class _Server(ThreadingHTTPServer):
    # As socket.create_server does: on Windows SO_REUSEADDR lets a second server bind a port another
    # one is listening on, and both then answer at random; elsewhere it only allows a quick restart.
    allow_reuse_address = os.name != "nt"
    daemon_threads = True


class SandboxServer:
    """Start and stop the sandbox from Python (tests) or from `bolthid sandbox serve`."""

    def __init__(self, state: ShopState, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self.faults: list[dict[str, Any]] = []
        handler = type("Handler", (_Handler,), {"sandbox": self})
        self.httpd = _Server((host, port), handler)
        self._thread: threading.Thread | None = None
        # Set on stop: a "slow answer" fault waits on it, so stopping never waits for a delay.
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/shop/"

    def start(self) -> SandboxServer:
        self.state.image_base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.state.save()

    # --- admin API (also reachable over HTTP) ------------------------------------------------
    def inject(self, kind: str, count: int = 1, seconds: float = 0.0, text: str = "") -> None:
        with self.state.lock:
            self.faults.append({"kind": kind, "count": count, "seconds": seconds, "text": text})

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on the shop's clock (the client has its own, see UnasClient)."""
        self.state.clock.advance(seconds)

    def expire_tokens(self) -> None:
        with self.state.lock:
            self.state.tokens.clear()

    def ban_now(
        self, ip: str = "127.0.0.1", seconds: float = BAN_SECONDS, endpoint: str = "getOrder"
    ) -> None:
        self._ban(ip, endpoint, seconds)

    def unban(self) -> None:
        """As if the hour had passed: bans and the hourly failed-login window are cleared."""
        with self.state.lock:
            self.state.ip_bans.clear()
            self.state.silent_bans.clear()
            self.state.failed_logins.clear()

    def set_readings(self, **readings: bool) -> None:
        with self.state.lock:
            self.state.data.readings = Readings(**{**asdict(self.state.data.readings), **readings})

    def set_shop(self, **fields: str) -> None:
        """The shop's package ("premium", "vip-100000") and login refusal ("", "package", "ip")."""
        with self.state.lock:
            for name in ("subscription", "login_refusal"):
                if name in fields:
                    setattr(self.state.data, name, fields[name])

    def set_limits(self, overrides: dict[str, int]) -> None:
        with self.state.lock:
            self.state.data.limit_overrides.update(overrides)

    def place_order(self, **kwargs: Any) -> dict[str, Any]:
        from app.sandbox.demo_data import new_order

        with self.state.lock:
            order = new_order(self.state, **kwargs)
            order_events.consume(self.state, order)
            self.state.data.orders.append(order)
            self.state.save()
            return order

    def order(self, key: str) -> dict[str, Any]:
        with self.state.lock:
            found = self.state.order_by_key(key)
            if found is None:
                raise KeyError(key)
            return found

    def order_event(self, kind: str, **kwargs: Any) -> dict[str, Any]:
        """merge(keys) | split(key, skus) | return_of(key, quantities) | change_items(key,
        quantities) | set_status(key, status_id): as the shop's staff would (order_events)."""
        with self.state.lock:
            if kind == "set_status":
                order = self.state.order_by_key(kwargs["key"])
                if order is None:
                    raise KeyError(kwargs["key"])
                order_events.set_status(self.state, order, kwargs["status_id"])
            else:
                order = getattr(order_events, kind)(self.state, **kwargs)
            self.state.save()
            return order

    def summary(self) -> dict[str, Any]:
        d = self.state.data
        return {
            "products": sum(1 for p in d.products if p["state"] == "live"),
            "categories": len(d.categories),
            "orders": sum(1 for o in d.orders if not o.get("deleted")),
            "customers": len(d.customers),
            "readings": asdict(d.readings),
            "bans": len(self.state.bans),
            "calls": len(self.state.calls),
        }

    # --- limits and bans -------------------------------------------------------------------------
    def _limit(self, bucket: str, tier: str) -> int:
        override = self.state.data.limit_overrides.get(bucket)
        if override is not None:
            return override
        vip = 1 if self.state.data.subscription.lower().startswith("vip") else 0
        return LIMITS[tier][vip]

    def _count(self, ip: str, bucket: str, tier: str, now: float) -> bool:
        """Record a call; True when it exceeds the hourly limit."""
        key = (ip, bucket)
        calls = [t for t in self.state.bucket_calls.get(key, []) if t > now - 3600]
        calls.append(now)
        self.state.bucket_calls[key] = calls
        return len(calls) > self._limit(bucket, tier)

    def _ban(self, ip: str, endpoint: str, seconds: float, *, silent: bool = False) -> float:
        until = self.state.clock.now() + seconds
        with self.state.lock:
            (self.state.silent_bans if silent else self.state.ip_bans)[ip] = until
            self.state.bans.append(
                {
                    "ip": ip,
                    "endpoint": endpoint,
                    "until": until,
                    "silent": silent,
                    "at": self.state.clock.now(),
                }
            )
        return until

    def _unidentified(self, ip: str, now: float) -> None:
        times = [t for t in self.state.unidentified.get(ip, []) if t > now - 600]
        times.append(now)
        self.state.unidentified[ip] = times
        if len(times) >= UNIDENTIFIED_PER_10_MIN:
            self._ban(ip, "*", SILENT_BAN_SECONDS, silent=True)

    # --- one API call ----------------------------------------------------------------------------
    def handle(self, ip: str, endpoint: str, body: bytes, auth: str | None) -> tuple[int, bytes]:
        now = self.state.clock.now()
        state = self.state
        with state.lock:
            self._process_pending_images(now)
            if state.silent_bans.get(ip, 0) > now:
                raise _Drop()
            record: dict[str, Any] = {"at": now, "ip": ip, "endpoint": endpoint, "outcome": "ok"}
            if endpoint.startswith("set"):
                record["body"] = body  # what was written, for tests that check what was (not) sent
            state.calls.append(record)
            if state.ip_bans.get(ip, 0) > now:
                record["outcome"] = "banned"
                return self._error_status(), error(self._ban_text(endpoint, state.ip_bans[ip]))
            if self._count(ip, "all", "all", now):
                record["outcome"] = "limit"
                return self._error_status(), error(
                    self._ban_text(endpoint, self._ban(ip, endpoint, BAN_SECONDS))
                )
            if endpoint == "login":
                return self._login(ip, body, now, record)
            if endpoint not in endpoints.GETTERS and endpoint not in endpoints.SETTERS:
                record["outcome"] = "unknown endpoint"
                return 404, error(f"Unknown function: {endpoint}")
            token = (auth or "").removeprefix("Bearer ").strip()
            if state.tokens.get(token, 0) <= now:
                record["outcome"] = "bad token"
                self._unidentified(ip, now)
                return 401, error("Invalid or expired token (authentication failed)")
            try:
                req = read(body)
                tier = endpoints.tier(endpoint, req)
                if self._count(ip, f"{endpoint}:{tier}", tier, now):
                    record["outcome"] = "limit"
                    return self._error_status(), error(
                        self._ban_text(endpoint, self._ban(ip, endpoint, BAN_SECONDS))
                    )
                if endpoint in endpoints.GETTERS:
                    answer, failed = endpoints.GETTERS[endpoint](state, req), False
                else:
                    answer, failed = endpoints.run_setter(state, endpoint, req)
            except BadRequest as exc:
                record["outcome"] = "error"
                if endpoint in endpoints.SETTERS:
                    state.save()  # a set call stopped by an error keeps what it did before it
                return self._error_status(), self._failed(ip, endpoint, str(exc))
            if failed:
                record["outcome"] = "item errors"
                self._failed(ip, endpoint, "")
            else:
                state.failures[(ip, endpoint)] = 0
            if endpoint in endpoints.SETTERS:
                state.save()
            return 200, answer

    def _ban_error(self, ip: str, endpoint: str) -> bytes:
        return error(self._ban_text(endpoint, self._ban(ip, endpoint, BAN_SECONDS)))

    def _ban_text(self, endpoint: str, until: float) -> str:
        text = ban_text(endpoint, until)
        return text + "!" if self.state.data.readings.ban_text_exclamation else text

    def _error_status(self) -> int:
        # Documented: errors come as HTTP 400 with one <Error> root (quirk 45); the other reading
        # (HTTP 200) stays a switch.
        return 200 if self.state.data.readings.errors_http_200 else 400

    def _failed(self, ip: str, endpoint: str, message: str) -> bytes:
        count = self.state.failures.get((ip, endpoint), 0) + 1
        self.state.failures[(ip, endpoint)] = count
        if count >= FAILED_CALLS_PER_ENDPOINT:
            return self._ban_error(ip, endpoint)
        return error(message)

    def _login(self, ip: str, body: bytes, now: float, record: dict[str, Any]) -> tuple[int, bytes]:
        state = self.state
        try:
            key = (read(body).findtext("ApiKey") or "").strip()
        except BadRequest:
            key = ""
        if key not in state.data.api_keys:
            record["outcome"] = "login failed"
            failed = [t for t in state.failed_logins.get(ip, []) if t > now - 3600]
            failed.append(now)
            state.failed_logins[ip] = failed
            self._unidentified(ip, now)
            if len(failed) > FAILED_LOGINS_PER_HOUR:
                return self._error_status(), error(
                    self._ban_text("login", self._ban(ip, "login", BAN_SECONDS))
                )
            return self._error_status(), error("Login Error: invalid ApiKey")
        if self._count(ip, "login", "login", now):
            record["outcome"] = "limit"
            return self._error_status(), self._ban_error(ip, "login")
        refusal = {
            "package": "Login Error: PREMIUM package needed",
            "ip": "Login Error: access denied from this IP address",
        }.get(state.data.login_refusal)
        if refusal:  # the key is right, the shop refuses anyway
            record["outcome"] = "login refused"
            failed = [t for t in state.failed_logins.get(ip, []) if t > now - 3600]
            state.failed_logins[ip] = [*failed, now]
            return self._error_status(), error(refusal)
        token = secrets.token_hex(20)
        state.tokens[token] = now + TOKEN_SECONDS
        out = root("Login")
        node(out, "Token", token)
        node(out, "Expire", local_time(now + TOKEN_SECONDS))
        node(out, "ExpireTime", str(int(now + TOKEN_SECONDS)))
        node(out, "ShopId", state.data.shop_id)
        node(out, "Subscription", state.data.subscription)
        perms = node(out, "Permissions")
        for name in (
            "getOrder",
            "setOrder",
            "getStock",
            "setStock",
            "getProduct",
            "setProduct",
            "getCategory",
            "setCategory",
            "getCustomer",
            "getMethod",
            "getOrderStatus",
            "getSetting",
        ):
            node(perms, "Permission", name)
        info = node(out, "WebshopInfo")
        node(info, "WebshopName", state.data.shop_name, cdata=True)
        node(out, "Status", "ok")
        return 200, dump(out)

    def _process_pending_images(self, now: float) -> None:
        # Scheduled image import: applied a few seconds later, like UNAS's batch transfer.
        keep = []
        for queued_at, sku, image in self.state.pending_images:
            if now - queued_at >= 2:
                product = self.state.product_by_sku(sku)
                if product is not None:
                    product["image"] = image
            else:
                keep.append((queued_at, sku, image))
        self.state.pending_images = keep

    def take_fault(self) -> dict[str, Any] | None:
        with self.state.lock:
            if not self.faults:
                return None
            fault = self.faults[0]
            fault["count"] -= 1
            if fault["count"] <= 0:
                self.faults.pop(0)
            return fault


class _Handler(BaseHTTPRequestHandler):
    sandbox: SandboxServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small answers would otherwise wait for delayed ACKs

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/_admin/"):
            self._admin(self.path.removeprefix("/_admin/"), {})
        elif self.path.startswith("/img/"):
            self._image(self.path.removeprefix("/img/"))
        else:
            self._reply(405, error("Use POST"))

    def _image(self, name: str) -> None:
        """A product image as the shop's public page serves it (its SefUrl)."""
        sku, _, ext = name.rpartition(".")
        product = self.sandbox.state.product_by_sku(unquote(sku))
        image = product.get("image") if product else None
        if not image or image.get("ext") != ext:
            body = b"not found"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        data = base64.b64decode(image["data"])
        self.send_response(200)
        self.send_header("Content-Type", "image/png" if ext == "png" else "image/jpeg")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/_admin/"):
            self._admin(self.path.removeprefix("/_admin/"), json.loads(body or b"{}"))
            return
        if not self.path.startswith("/shop/"):
            self._reply(404, error("Not found"))
            return
        fault = self.sandbox.take_fault()
        if fault and fault["kind"] == "delay":
            self.sandbox.stopping.wait(fault["seconds"])  # a slow shop, in real time (client timeouts)
        if fault and fault["kind"] == "drop":
            self._drop()
            return
        if fault and fault["kind"] == "redirect":
            # A moved (or looping) API address, answered before the shop sees the call: a redirect
            # to itself, or to the text given.
            target = fault["text"] or self.path
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            status, answer = self.sandbox.handle(
                self.client_address[0],
                self.path.removeprefix("/shop/"),
                body,
                self.headers.get("Authorization"),
            )
        except _Drop:
            self._drop()
            return
        if fault and fault["kind"] == "http500":
            status, answer = 500, b"<html>Internal Server Error</html>"
        if fault and fault["kind"] == "truncate":
            answer = answer[: max(10, len(answer) // 2)]
        if fault and fault["kind"] == "drip":
            self._drip(status, answer, fault["seconds"])
            return
        if fault and fault["kind"] == "body":
            # Any answer at all (hostile XML, a wrong root, bytes that are not UTF-8), base64 in "text".
            status, answer = 200, base64.b64decode(fault["text"])
        if fault and fault["kind"] == "error_text":
            # Any <Error> text a shop might send (odd ban dates, texts never documented).
            status, answer = 400, error(fault["text"])
        self._reply(status, answer)

    def _drip(self, status: int, answer: bytes, seconds: float) -> None:
        """A server that answers one byte every ``seconds``: each read arrives in time, the whole
        answer never does (a client needs a deadline for the call, not only a read timeout)."""
        self.send_response(status)
        self.send_header("Content-Type", "application/xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        try:
            for byte in answer:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if self.sandbox.stopping.wait(seconds):
                    break
        except OSError:
            pass  # the client gave up: that is the point
        self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _reply(self, status: int, body: bytes, content_type: str = "application/xml; charset=UTF-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _admin(self, action: str, payload: dict[str, Any]) -> None:
        sb = self.sandbox
        result: Any = {"ok": True}
        if action == "state":
            result = sb.summary()
        elif action == "calls":
            result = [{k: v for k, v in c.items() if k != "body"} for c in sb.state.calls]
        elif action == "bans":
            result = sb.state.bans
        elif action == "fault":
            sb.inject(
                payload["kind"],
                int(payload.get("count", 1)),
                float(payload.get("seconds", 0)),
                str(payload.get("text", "")),
            )
        elif action == "expire_tokens":
            sb.expire_tokens()
        elif action == "ban_now":
            sb.ban_now(self.client_address[0], float(payload.get("seconds", BAN_SECONDS)))
        elif action == "unban":
            sb.unban()
        elif action == "readings":
            sb.set_readings(**payload)
        elif action == "shop":
            sb.set_shop(**payload)
        elif action == "limits":
            sb.set_limits({k: int(v) for k, v in payload.items()})
        elif action == "advance":
            sb.advance(float(payload.get("seconds", 0)))
        elif action == "place_order":
            result = {"key": sb.place_order(**payload)["key"]}
        elif action == "order_event":
            kind = payload.pop("kind")
            result = {"key": sb.order_event(kind, **payload)["key"]}
        else:
            self._reply(404, b'{"error": "unknown admin action"}', "application/json")
            return
        self._reply(200, json.dumps(result, ensure_ascii=False).encode(), "application/json")
