"""A throw-away PostgreSQL cluster for the test session, started as the postgres user.

initdb refuses to run as root, so the cluster lives in a temp folder owned by postgres and the
server is run through runuser; it listens only on 127.0.0.1 on a free port.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PostgresServer:
    datadir: Path
    port: int
    bindir: Path
    as_postgres: list[str]
    durable: bool = False  # fsync on, as a real server (benchmarks); tests run without it

    @property
    def base_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def create_database(self, name: str) -> str:
        self._run(
            [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name]
        )
        return f"{self.base_url}/{name}"

    def crash(self) -> None:
        """Stop the server the way a crash does: no shutdown checkpoint, WAL buffers not yet
        written are lost, and the next start runs crash recovery."""
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"])

    def restart(self) -> None:
        _pg_start(self.bindir, self.datadir, self.port, self.as_postgres, self.durable)

    def stop(self) -> None:
        self._run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"], check=False
        )
        shutil.rmtree(self.datadir, ignore_errors=True)

    def _run(self, cmd: list[str], check: bool = True) -> None:
        subprocess.run([*self.as_postgres, *cmd], check=check, capture_output=True, text=True)


def find_bindir() -> Path | None:
    if sys.platform == "win32":
        # A Windows PostgreSQL (EDB installer) or initdb on PATH. Under Wine the Linux cluster's
        # /usr/lib/postgresql is visible on drive Z: and must not be taken for one.
        on_path = shutil.which("initdb")
        candidates = [on_path] if on_path else []
        candidates += sorted(glob.glob(r"C:\Program Files\PostgreSQL\*\bin\initdb.exe"), reverse=True)
    else:
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(*, durable: bool = False) -> PostgresServer:
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb found)")
    datadir = Path(tempfile.mkdtemp(prefix="bolthid-pg-"))
    as_postgres: list[str] = []
    if getattr(os, "geteuid", lambda: -1)() == 0:  # root on POSIX; Windows has no geteuid
        shutil.chown(datadir, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    server = PostgresServer(datadir, port, bindir, as_postgres, durable)
    init = subprocess.run(
        [
            *as_postgres,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr}")
    _pg_start(bindir, datadir, port, as_postgres, durable)
    return server


def _pg_start(bindir: Path, datadir: Path, port: int, as_postgres: list[str], durable: bool) -> None:
    speed = "" if durable else " -c fsync=off -c full_page_writes=off"
    started = subprocess.run(
        [
            *as_postgres,
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-w",
            "-l",
            str(datadir / "server.log"),
            "-o",
            f"-h 127.0.0.1 -p {port} -k {datadir}{speed}",
            "start",
        ],
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        log = (
            (datadir / "server.log").read_text(errors="replace") if (datadir / "server.log").exists() else ""
        )
        raise RuntimeError(f"pg_ctl start failed: {started.stderr} {log}")
