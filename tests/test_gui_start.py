"""A start without a subcommand reads the window's options without the full command line, and reads
them exactly as the full parser would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli import build_parser
from app.gui_start import GuiStart, gui_start

TOKENS = [
    "--smoke",
    "--demo",
    "--db",
    "--db=sqlite:///a.sqlite",
    "--db=",
    "postgresql://bolt@localhost/b",
    "--smo",
    "--help",
    "--version",
    "-h",
    "list",
    "products",
    "sync",
    "--json",
    "-x",
]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], GuiStart()),
        (["--smoke"], GuiStart(smoke=True)),
        (["--db", "sqlite:///x.sqlite", "--demo"], GuiStart(db="sqlite:///x.sqlite", demo=True)),
        (["--db=sqlite:///x.sqlite", "--smoke"], GuiStart(db="sqlite:///x.sqlite", smoke=True)),
        (["--db", "a", "--db", "b"], GuiStart(db="b")),
    ],
)
def test_the_plain_forms_are_read(argv: list[str], expected: GuiStart) -> None:
    assert gui_start(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [["list", "products"], ["--help"], ["--version"], ["--smo"], ["--db"], ["--db", "--smoke"], ["-psn_0_1"]],
)
def test_everything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert gui_start(argv) is None


@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_what_is_read_is_what_the_full_parser_reads(argv: list[str]) -> None:
    start = gui_start(argv)
    if start is None:
        return
    args, rest = build_parser().parse_known_args(argv)
    assert rest == [] and args.command is None
    assert start == GuiStart(db=args.db, smoke=args.smoke, demo=args.demo)
