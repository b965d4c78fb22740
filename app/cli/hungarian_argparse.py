"""argparse's own texts in Hungarian ("usage:", "error:", "the following arguments are required" …),
as Qt's own texts are in the window: the command line speaks the program's language.

argparse looks each of its texts up through gettext when it needs it, by the module's globals ``_``
and ``ngettext``; those answer from this table. A text not in it (a Python version that words one
differently) stays English rather than wrong.
"""

from __future__ import annotations

import argparse

TEXTS = {
    "usage: ": "Használat: ",
    "positional arguments": "paraméterek",
    "options": "kapcsolók",
    "subcommands": "parancsok",
    "show this help message and exit": "ez a súgó, majd kilépés",
    "%(prog)s: error: %(message)s\n": "%(prog)s: hiba: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "hiányzik: %s",
    "one of the arguments %s is required": "ezek egyike kötelező: %s",
    "unrecognized arguments: %s": "ismeretlen paraméter: %s",
    "expected one argument": "egy érték kell utána",
    "expected at most one argument": "legfeljebb egy érték állhat utána",
    "expected at least one argument": "legalább egy érték kell utána",
    "ambiguous option: %(option)s could match %(matches)s": (
        "nem egyértelmű kapcsoló: %(option)s (lehet: %(matches)s)"
    ),
    "unexpected option string: %s": "váratlan kapcsoló: %s",
    "not allowed with argument %s": "nem adható meg együtt ezzel: %s",
    "ignored explicit argument %r": "ez a kapcsoló nem kap értéket: %r",
    "invalid %(type)s value: %(value)r": "érvénytelen érték: %(value)r (%(type)s kellene)",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "érvénytelen választás: %(value)r (lehet: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "nem nyitható meg: „%(filename)s” (%(error)s)",
}
PLURALS = {("expected %s argument", "expected %s arguments"): "%s érték kell utána"}


def _text(message: str | None) -> str | None:
    return TEXTS.get(message, message) if message is not None else None


def _plural(singular: str, plural: str, n: int) -> str:
    found = PLURALS.get((singular, plural))
    if found is not None:
        return found
    return singular if n == 1 else plural


def install() -> None:
    """Once per process, before a parser is built (its help group titles are looked up then)."""
    argparse._ = _text  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]
