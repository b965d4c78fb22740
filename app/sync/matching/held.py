"""An order that waits for the user: something in it needs a mapping we will not guess."""

from __future__ import annotations

from app.errors import AppError


class OrderHeld(AppError):
    """The order is recorded as held with this message and fetched again by key after the user
    acts (Újrapróbálás); nothing of it is written meanwhile."""

    link_status = "held"  # "return": told once, not fetched again
