"""Entry point: no subcommand opens the GUI; subcommands run headless (see app.cli)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from app.cli import build_parser, run
    from app.logging_setup import setup_logging

    setup_logging()

    args, _rest = build_parser().parse_known_args(argv)
    if args.command is None:
        from app.gui.application import run_gui

        return run_gui(db_url=args.db, smoke=args.smoke, demo=args.demo)
    try:
        return run(argv)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0


if __name__ == "__main__":
    sys.exit(main())
