"""Typed NAV errors, each with a Hungarian message; the type tells the sender what to do next.

- NavCredentialError: the settings are wrong (login, password, signature or exchange key, tax
  number, rights). Retrying cannot help and would only fill NAV's logs: sending stops until the
  settings change.
- NavUnavailable: NAV did not take the request (no network, refused, maintenance, HTTP 5xx with
  its error): nothing was stored there; try again later, backing off.
- NavNoAnswer: the request may have reached NAV but no answer came (timeout, dropped
  connection). Whether it was stored is unknown: the lost-transaction procedure decides.
- NavRequestRefused: NAV refused this request for its content (schema, index, timestamp …).
- NavXmlError: an answer that is not the XML NAV sends.
"""

from __future__ import annotations

from app.errors import AppError


class NavError(AppError):
    def __init__(self, user_message: str, detail: str = "", code: str = "") -> None:
        super().__init__(user_message, detail)
        self.code = code


class NavCredentialError(NavError):
    pass


class NavUnavailable(NavError):
    pass


class NavNoAnswer(NavError):
    pass


class NavRequestRefused(NavError):
    pass


class NavXmlError(NavError):
    pass
