"""The options of a start without a subcommand (the window), read without the whole command line.

Importing the command line's modules and building its parser – every subcommand with its Hungarian
help – costs 13-21 ms of CPU on the 2-core machine (2-3 % of a start), and the window needs none of
it. Only the plain forms are read here; anything else (a subcommand, --help, --version, an
abbreviation, an unknown option) goes to the full parser, which then decides as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class GuiStart:
    db: str | None = None
    smoke: bool = False
    demo: bool = False


def gui_start(argv: Sequence[str]) -> GuiStart | None:
    """The window's options when ``argv`` holds nothing else, None otherwise."""
    db: str | None = None
    smoke = demo = False
    args = iter(argv)
    for arg in args:
        if arg == "--smoke":
            smoke = True
        elif arg == "--demo":
            demo = True
        elif arg.startswith("--db="):
            db = arg.removeprefix("--db=")
        elif arg == "--db":
            value = next(args, None)
            if value is None or value.startswith("-"):  # argparse's error, with its message
                return None
            db = value
        else:
            return None
    return GuiStart(db=db, smoke=smoke, demo=demo)
