"""Hostile inputs through the doors a user uses: each case must end in its Hungarian message,
never a traceback, with nothing half-written."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app import cli


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def bolthid(capsys: pytest.CaptureFixture[str]):
    """Runs a command in this process as the user would from a terminal and checks that no
    traceback and no "Váratlan hiba" (the catch-all) came out."""

    def run(*args: str) -> Outcome:
        code = cli.run(list(args))
        captured = capsys.readouterr()
        outcome = Outcome(code, captured.out, captured.err)
        assert "Traceback" not in outcome.text
        assert "Váratlan hiba" not in outcome.text, outcome.text
        return outcome

    return run
