"""Named points where the crash-safety tests kill the process (SIGKILL); no-ops otherwise.

BOLTHID_KILL_POINT="before_order_commit:3" kills the process the 3rd time that point is reached.
"""

from __future__ import annotations

import os
import signal

ENV = "BOLTHID_KILL_POINT"
_hits: dict[str, int] = {}


def reached(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    point, _, count = spec.partition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
