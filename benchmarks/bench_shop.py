"""Set-up shared by the benchmarks: a work folder, a sandbox shop of orders, our shop row, output.

Imported by the benchmark scripts after they put this tree first on sys.path (see ``this_tree``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.credentials import CredentialStore
    from app.db.database import Database
    from app.sandbox.server import SandboxServer


def this_tree() -> None:
    """Measure this tree's program, not an installed one."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


# A library floor starts as the program does: the collector paused (app.collector); the ORM floor
# maps and configures our classes as the program's first query does.
PAUSED = "import gc\ngc.disable()\n"
ORM_CONFIGURED = "import app.db.models\nimport sqlalchemy.orm\nsqlalchemy.orm.configure_mappers()\n"


def child_env(**extra: str) -> dict[str, str]:
    """A measured child's environment: bytecode written and read, as an installed program has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def child_cpu(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def work_dir(prefix: str) -> Path:
    work = Path(tempfile.mkdtemp(prefix=f"bolthid-{prefix}-"))
    os.environ["BOLTHID_HOME"] = str(work)
    return work


def json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")


def emit(result: dict[str, Any], as_json: bool) -> None:
    rounded = {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}
    print(
        json.dumps(rounded, ensure_ascii=False)
        if as_json
        else json.dumps(rounded, ensure_ascii=False, indent=2)
    )


def start_sandbox(state: Any) -> SandboxServer:
    from app.sandbox.server import SandboxServer

    server = SandboxServer(state).start()
    server.set_limits({"getOrder:multi": 1000, "getProduct:multi": 1000})
    return server


def add_shop(
    db: Database, work: Path, server: SandboxServer, *, as_installed: bool = False
) -> tuple[int, CredentialStore]:
    """``as_installed``: the key kept where the program itself keeps it (so `bolthid` run as a
    command finds it); else in a file of the work folder only."""
    from app.credentials import CredentialStore
    from app.sync import shops

    creds = CredentialStore() if as_installed else CredentialStore(work, use_keyring=False)
    settings = shops.ShopSettings(name="Bench", base_url=server.base_url, import_since=date(2020, 1, 1))
    return shops.add_shop(db, creds, settings, "sandbox-api-key"), creds
