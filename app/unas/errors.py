"""Typed UNAS errors, each with a Hungarian message for the user."""

from __future__ import annotations

from datetime import datetime

from app.errors import AppError
from app.timeutil import to_local


def _hu_time(when: datetime) -> str:
    return to_local(when).strftime("%Y.%m.%d. %H:%M")


class UnasError(AppError):
    """Base of every error the UNAS client raises."""


class UnasAuthError(UnasError):
    """The API key was refused; never retried automatically (5 failed logins an hour ban the IP)."""


class UnasLoginError(UnasAuthError):
    """A login failed for another reason than the key (package without API, IP allowlist …):
    the key stays, the next login waits a quarter of an hour."""


class UnasBannedError(UnasError):
    def __init__(self, until: datetime, endpoint: str, detail: str = "") -> None:
        self.until = until
        self.endpoint = endpoint
        super().__init__(
            f"A webáruház letiltotta a gép IP-címét ({endpoint}) eddig: {_hu_time(until)}. "
            "Addig a program nem hívja ezt a webáruházat.",
            detail,
        )


class UnasBudgetError(UnasError):
    """The call would exceed the hourly limit; refused before it is sent."""

    def __init__(self, endpoint: str, used: int, limit: int, possible_at: datetime) -> None:
        self.endpoint = endpoint
        self.possible_at = possible_at
        super().__init__(
            f"Az óránkénti {endpoint} keret elfogyott ({used}/{limit}); a következő hívás "
            f"{_hu_time(possible_at)} után lehetséges.",
            f"budget {endpoint} {used}/{limit}",
        )


class UnasNetworkError(UnasError):
    """No answer (timeout, refused, reset): maybe a ban that sends nothing; the client backs off."""

    def __init__(self, message: str, detail: str = "", retry_at: datetime | None = None) -> None:
        self.retry_at = retry_at
        super().__init__(message, detail)


class UnasXmlError(UnasError):
    """Malformed, truncated or hostile XML in an answer."""


class UnasApiError(UnasError):
    """UNAS answered with an <Error> that is neither a ban nor an authentication problem."""


class UnasErrorAnswer(UnasApiError):
    """The call was answered with one root ``<Error>`` (HTTP 400, B45): the shop refused it."""
