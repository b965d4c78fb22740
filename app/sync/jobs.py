"""What a sync run is asked to do and who asked: light names the GUI needs at start.

Kept apart from app.sync.shop_sync so that showing the main window does not import the sync
machinery (the UNAS client, requests, the order import): that waits for the first sync.
"""

from __future__ import annotations

import enum


class Job(enum.StrEnum):
    ORDERS = "orders"
    PRODUCTS = "products"


BOTH = (Job.ORDERS, Job.PRODUCTS)


class Trigger(enum.StrEnum):
    AUTO = "auto"  # the GUI timer and `sync --loop`
    BUTTON = "button"  # a click: Webáruház szinkron, Termék szinkron, Újrapróbálás
    CLI = "cli"  # a one-shot command
