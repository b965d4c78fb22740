"""What a NAV sending run did (for the user and the log), and its timing rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from app.sync.lease import Holder

# A transaction's status is asked after 1, 2, 4 … seconds, at least every 15 minutes.
MAX_POLL_GAP = 900


@dataclass
class NavSendReport:
    sent: int = 0
    done: int = 0
    warned: int = 0
    aborted: int = 0
    recovered: int = 0  # lost answers whose transaction was found at NAV
    resent_after_loss: int = 0  # lost answers NAV never received: sent again
    known_already: int = 0  # NAV held them already (earlier versions, manual reports)
    open_left: int = 0  # live reports not yet confirmed at the end
    held: list[str] = field(default_factory=list)  # why something could not be sent at all
    errors: list[str] = field(default_factory=list)
    busy: Holder | None = None

    def summary(self) -> str:
        if self.busy is not None:
            return f"A NAV-küldést most egy másik munkaállomás végzi ({self.busy.workstation})."
        parts = [f"elküldve {self.sent}", f"befogadva {self.done}"]
        if self.warned:
            parts.append(f"ebből figyelmeztetéssel {self.warned}")
        if self.aborted:
            parts.append(f"elutasítva {self.aborted}")
        if self.recovered:
            parts.append(f"elveszett válasz megtalálva {self.recovered}")
        if self.known_already:
            parts.append(f"a NAV már ismerte {self.known_already}")
        text = "NAV: " + ", ".join(parts) + f"; még vár {self.open_left}."
        for reason in dict.fromkeys(self.held + self.errors):
            text += f"\n{reason}"
        return text


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 minutes … then every 15 minutes."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 900))


def poll_gap(polls: int) -> timedelta:
    return timedelta(seconds=min(2 ** max(polls - 1, 0), MAX_POLL_GAP))
