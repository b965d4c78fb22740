"""Values the command line takes, each refused with its Hungarian message (argparse prints it)."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """A day as the command line takes it: 2026-01-31."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"nem dátum: {text!r} (ÉÉÉÉ-HH-NN alakban, pl. 2026-01-31)"
        ) from None
