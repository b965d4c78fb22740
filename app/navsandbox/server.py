"""The service's HTTP side: NAV's operations under /invoiceService/v3/, admin endpoints and faults.

Admin endpoints (JSON), for tests and demos:
  GET  /_admin/state       counts, the processing delay, the clock offset
  GET  /_admin/received    every transaction received, with its invoices' numbers and states
  GET  /_admin/held        how many answers a fault is holding back right now
  POST /_admin/fault       {"kind": "delay"|"drop"|"http500"|"maintenance", "count": 1, "seconds": 70,
                            "operation": "manageInvoice"}  (delay and drop act after the request is taken)
  POST /_admin/advance     {"seconds": 360}  the service's clock moves on (tokens, processing)
  POST /_admin/processing  {"seconds": 30}   how long a transaction stays RECEIVED / PROCESSING
  POST /_admin/taxpayer    {"tax_number": "87654323", "status": "valid"|"invalid"|"unknown", "name": ""}
  POST /_admin/user        {"login": …, "password": …, "signature_key": …, "exchange_key": …, "tax_number": …}
  POST /_admin/approve_annulment {"transaction_id": …}  as the primary user on NAV's web page
"""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app.navsandbox import answers
from app.navsandbox.operations import Service
from app.navsandbox.state import ServiceState
from app.navsandbox.users import TechnicalUser

PREFIX = "/invoiceService/v3/"
MAX_BODY = 10 * 1024 * 1024  # NAV: a POST body is at most 10 MB


class NavTestService:
    """Start and stop the service from Python (tests, test mode) or from `bolthid nav serve`."""

    def __init__(self, state: ServiceState | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state or ServiceState()
        self.service = Service(self.state)
        self.faults: list[dict[str, Any]] = []
        self.held = 0  # answers being held back right now
        self.held_total = 0  # answers ever held back
        self.calls: dict[str, int] = {}  # requests per operation, answered or not
        handler = type("Handler", (_Handler,), {"owner": self})
        self.httpd = _Server((host, port), handler)
        self.httpd.daemon_threads = True
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def start(self) -> NavTestService:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="nav-service", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        with self.state.lock:
            self.state.save()

    # --- admin ----------------------------------------------------------------------------------
    def inject(self, kind: str, count: int = 1, seconds: float = 0.0, operation: str = "") -> None:
        with self.state.lock:
            self.faults.append({"kind": kind, "count": count, "seconds": seconds, "operation": operation})

    def take_fault(self, operation: str) -> dict[str, Any] | None:
        with self.state.lock:
            for fault in self.faults:
                if fault["operation"] in ("", operation):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self.faults.remove(fault)
                    return dict(fault)
        return None

    def advance(self, seconds: float) -> None:
        self.state.clock.advance(seconds)
        with self.state.lock:
            self.state.save()

    def set_processing(self, seconds: float) -> None:
        with self.state.lock:
            self.state.processing_seconds = seconds

    def add_user(self, user: TechnicalUser) -> None:
        with self.state.lock:
            self.state.users[user.login] = user

    def received(self) -> list[dict[str, Any]]:
        with self.state.lock:
            self.service.process(self.state.clock.now())
            return [
                {
                    "transaction_id": t.transaction_id,
                    "request_id": t.request_id,
                    "annulment": t.annulment,
                    "items": [
                        {
                            "index": i.index,
                            "operation": i.operation,
                            "number": i.number,
                            "status": i.status,
                            "codes": [m["code"] for m in i.messages],
                        }
                        for i in t.items
                    ],
                }
                for t in sorted(self.state.transactions.values(), key=lambda t: t.received_at)
            ]

    def summary(self) -> dict[str, Any]:
        with self.state.lock:
            return {
                "transactions": len(self.state.transactions),
                "invoices": len(self.state.invoices),
                "processing_seconds": self.state.processing_seconds,
                "offset": self.state.clock.offset,
                "users": sorted(self.state.users),
                "calls": dict(self.calls),
            }


class _Server(ThreadingHTTPServer):
    # As socket.create_server does: on Windows SO_REUSEADDR lets a second server bind a port another
    # one is listening on, and both then answer at random; elsewhere it only allows a quick restart.
    allow_reuse_address = os.name != "nt"
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away (killed, timed out) while its answer was held back: expected.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    owner: NavTestService
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/xml;charset=UTF-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:
        owner = self.owner
        if self.path == "/_admin/state":
            self._json(owner.summary())
        elif self.path == "/_admin/received":
            self._json(owner.received())
        elif self.path == "/_admin/held":
            self._json({"held": owner.held, "held_total": owner.held_total})
        else:
            self._send(404, b"", "text/plain")

    def do_POST(self) -> None:
        try:
            body = self._body()
        except ValueError:
            self._send(413, b"", "text/plain")
            return
        if self.path.startswith("/_admin/"):
            self._admin(self.path[len("/_admin/") :], json.loads(body or b"{}"))
            return
        if not self.path.startswith(PREFIX):
            self._send(404, b"", "text/plain")
            return
        operation = self.path[len(PREFIX) :].strip("/")
        owner = self.owner
        with owner.state.lock:
            owner.calls[operation] = owner.calls.get(operation, 0) + 1
        fault = owner.take_fault(operation)
        if fault and fault["kind"] == "http500":
            self._send(500, b"Generic exception occurred!", "text/plain")
            return
        if fault and fault["kind"] == "maintenance":
            now = owner.state.clock.now()
            self._send(503, answers.general_error(None, now, "MAINTENANCE_MODE", "Karbantartás.", []))
            return
        status, answer, _taken = owner.service.handle(operation, body)
        if fault and fault["kind"] in ("delay", "drop"):
            # The request is taken (a manage request got its transaction) but the answer is late or
            # never comes: what a client sees when NAV's 60-second gateway timeout strikes.
            with owner.state.lock:
                owner.held += 1
                owner.held_total += 1
            try:
                if fault["kind"] == "delay":
                    owner.stopping.wait(fault["seconds"])
                else:
                    self.close_connection = True
                    return
            finally:
                with owner.state.lock:
                    owner.held -= 1
        self._send(status, answer)

    def _admin(self, name: str, data: dict[str, Any]) -> None:
        owner = self.owner
        if name == "fault":
            owner.inject(
                data["kind"],
                int(data.get("count", 1)),
                float(data.get("seconds", 0)),
                data.get("operation", ""),
            )
        elif name == "advance":
            owner.advance(float(data["seconds"]))
        elif name == "processing":
            owner.set_processing(float(data["seconds"]))
        elif name == "taxpayer":
            with owner.state.lock:
                owner.service.mark_taxpayer(
                    data["tax_number"], data.get("status", "valid"), data.get("name", "")
                )
        elif name == "user":
            owner.add_user(
                TechnicalUser(
                    **{
                        k: str(data[k])
                        for k in ("login", "password", "signature_key", "exchange_key", "tax_number")
                    }
                )
            )
        elif name == "approve_annulment":
            with owner.state.lock:
                owner.service.approve_annulment(data["transaction_id"])
        else:
            self._send(404, b"", "text/plain")
            return
        self._json({"ok": True})
