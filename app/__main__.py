"""Entry point: no subcommand opens the GUI; subcommands run headless (see app.cli)."""

from __future__ import annotations

import sys


def utf8_console() -> None:
    """Hungarian text on every console: output redirected on a Western Windows (code page 1252) or
    under a C locale would otherwise raise UnicodeEncodeError at the first "ő"."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if stream is None or encoding == "utf8" or reconfigure is None:
            continue
        try:
            reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):  # a stream that cannot change any more keeps its own
            pass


def main(argv: list[str] | None = None) -> int:
    from app import collector

    if argv is None:  # the program's own process (console script, launcher, python -m); not a caller's
        collector.pause()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    finally:
        collector.resume()  # normally done once the database is open; here for the paths that end early


def _main(argv: list[str]) -> int:
    utf8_console()
    from app.paths import keep_private

    keep_private()
    from app.gui_start import GuiStart, gui_start
    from app.logging_setup import setup_logging

    start = gui_start(argv)
    if start is None:  # a subcommand, or options only the full command line knows
        from app.cli import build_parser

        parser = build_parser()
        args, _rest = parser.parse_known_args(argv)
        if args.command is None:
            start = GuiStart(db=args.db, smoke=args.smoke, demo=args.demo)
    if start is not None:
        setup_logging(kind="gui")
        # The database layer before Qt: once PySide6 is imported, every later import is checked by
        # its __feature__ hook (the module's source read), ~0.2 s of CPU for SQLAlchemy's modules.
        import app.bootstrap  # noqa: F401
        from app.gui.application import run_gui

        return run_gui(db_url=start.db, smoke=start.smoke, demo=start.demo)
    from app.cli import run

    setup_logging(kind="sync" if args.command == "sync" and getattr(args, "loop", False) else "cli")
    try:
        return run(argv, parser)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0


if __name__ == "__main__":
    sys.exit(main())
