"""The cyclic garbage collector during the start of a process.

A start creates a few hundred thousand long-lived objects (SQLAlchemy's and Qt's modules, our mapped
classes, the compiled first statements) and next to no cyclic garbage. With the default thresholds
the collector still walks that growing heap again and again: 0.15-0.3 s of CPU in a start of 1-2 s on
the 2-core machine (docs/benchmarks.md, session 12). So the collector is off from the entry point
until the database is open, and then everything alive is frozen: moved out of the collector's
generations, so later full collections in a long GUI session or a large import do not walk it again.
What is alive at that moment (modules, classes, the engine, the mapped ORM) lives until the process
ends anyway, so freezing it loses nothing.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """At the entry point, before the heavy imports."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Once the start's long-lived objects exist (the database open). Only undoes this module's own
    pause, so calling it again, or in a process that never paused, changes nothing."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.freeze()
    gc.enable()
