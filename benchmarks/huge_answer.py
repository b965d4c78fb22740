"""A hostile shop answer of 200 MB: refused without reading it whole, and how much memory that took.

Run:  .venv/bin/python benchmarks/huge_answer.py [--mb 200]
A server on 127.0.0.1 answers every call with an XML body of the given size, once with its
Content-Length (refused before the first byte) and once chunked without it (read until the cap,
then refused). Prints the time and the process's peak memory after each; figures go to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import bench_shop

bench_shop.this_tree()


def _server(size: int) -> ThreadingHTTPServer:
    chunk = b"<x>" + b"a" * (1024 * 1024 - 7) + b"</x>"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            announced = "announced" in self.path
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            if announced:
                self.send_header("Content-Length", str(size))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            try:
                while sent < size:
                    part = chunk[: min(len(chunk), size - sent)]
                    if announced:
                        self.wfile.write(part)
                    else:
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    sent += len(part)
                if not announced:
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client stopped reading: what it should do

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    bench_shop.json_option(parser)
    args = parser.parse_args()
    from app.unas import client as unas_client
    from app.unas.errors import UnasError
    from app.unas.state import MemoryStateStore

    server = _server(args.mb * 1024 * 1024)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    results: dict[str, object] = {"answer_mb": args.mb, "cap_mb": unas_client.MAX_ANSWER_BYTES // 2**20}
    results["peak_mb_before"] = round(_peak_mb(), 1)
    for how in ("announced", "chunked"):
        client = unas_client.UnasClient("kulcs", MemoryStateStore(), f"http://{host}:{port}/{how}/")
        started = time.perf_counter()
        try:
            client.login()
            outcome = "read (wrong)"
        except UnasError as exc:  # under the cap the answer is read, and is no XML
            outcome = exc.user_message
        results[how] = {
            "outcome": outcome,
            "seconds": round(time.perf_counter() - started, 2),
            "peak_mb_after": round(_peak_mb(), 1),
        }
    server.shutdown()
    socket.setdefaulttimeout(None)
    bench_shop.emit(results, args.json)


if __name__ == "__main__":
    main()
