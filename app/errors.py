"""The one error family our code raises: every error carries a Hungarian message for the user."""

from __future__ import annotations


class AppError(Exception):
    """An error the user can read.

    ``user_message`` is Hungarian and shown as is; ``detail`` is technical text for the log and
    the "Részletek" part of the dialog. Whether a job tries again is decided where the job runs
    (the client's back-off, the held-order retry), by the error's type, not by a flag on it.
    """

    def __init__(self, user_message: str, detail: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.detail = detail

    def __str__(self) -> str:
        return self.user_message if not self.detail else f"{self.user_message} ({self.detail})"


class ValidationError(AppError):
    """Input the user has to correct (duplicate code, bad image, negative quantity …)."""


class NotFoundError(AppError):
    """A record that was asked for does not exist (any more)."""


class DatabaseError(AppError):
    """The database cannot be opened, migrated, backed up or restored."""


class Cancelled(Exception):
    """The user cancelled a running operation; never shown as an error."""
