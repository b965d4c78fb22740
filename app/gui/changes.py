"""Broadcasts what an operation changed, so that each open list refreshes only when concerned."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

PRODUCTS = "products"
CUSTOMERS = "customers"
DOCUMENTS = "documents"
STOCK = "stock"
MASTERDATA = "masterdata"
SHOPS = "shops"
SYNC = "sync"  # a sync run finished (the log and the status line refresh)
NAV = "nav"  # NAV reports moved on (the status line's NAV part refreshes)


class ChangeBus(QObject):
    # A set of the names above.
    changed = Signal(object)

    def emit(self, *what: str) -> None:  # type: ignore[override]  # our bus's emit, not QObject's
        self.changed.emit(set(what))
