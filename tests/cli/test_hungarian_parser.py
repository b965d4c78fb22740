"""The command line's own texts – usage, help headings, every error argparse reports – are Hungarian."""

from __future__ import annotations

import argparse
import ast
import inspect

import pytest

from app.cli import build_parser
from app.cli.hungarian_argparse import PLURALS, TEXTS

ENGLISH = (
    "usage:",
    "error:",
    "options:",
    "positional arguments",
    "required",
    "expected",
    "invalid",
    "unrecognized",
)
# argparse's texts for a programmer's mistake in building a parser, never shown to a user of ours.
FOR_PROGRAMMERS = {
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)",
    'argument "-" with mode %r',
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
    "conflicting option string: %s",
    "conflicting option strings: %s",
}


def test_the_help_reads_in_hungarian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Használat: bolthid")
    assert "\nparaméterek:\n" in out and "\nkapcsolók:\n" in out and "ez a súgó, majd kilépés" in out
    assert "a program verziója" in out
    assert not any(word in out for word in ("usage:", "options:", "show this help", "show program's"))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["list"], "hiányzik: what"),
        (["list", "raktar"], "érvénytelen választás: 'raktar'"),
        (["--db"], "--db: egy érték kell utána"),
        (["list", "products", "--bogus"], "ismeretlen paraméter: --bogus"),
        (["shop", "add", "Bolt", "--since", "2026-13-01"], "--since: nem dátum: '2026-13-01' (ÉÉÉÉ-HH-NN"),
        (["payment", "add", "SZ-1", "100", "--date", "tegnap"], "--date: nem dátum: 'tegnap'"),
        (["sandbox", "serve", "--port", "x"], "--port: érvénytelen érték: 'x'"),
    ],
)
def test_every_mistake_is_told_in_hungarian(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert says in err and ": hiba: " in err and err.startswith("Használat: bolthid")
    assert not any(word in err for word in ENGLISH), err


def test_every_text_argparse_shows_a_user_is_translated() -> None:
    """Read from this Python's argparse itself: a version that adds or rewords a text fails here."""
    used: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                used.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plural.add((texts[0], texts[1]))
    assert {"usage: ", "expected one argument"} <= used and plural  # the reading found them
    assert used - FOR_PROGRAMMERS - set(TEXTS) == set()
    assert {p for p in plural if not set(p) & FOR_PROGRAMMERS} <= set(PLURALS)
