"""Which addresses a shop's API may have: https only; plain http only on this machine (the built-in
test shop and the tests). Checked when a shop is saved or tested and when a client is made."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from app.unas.errors import UnasError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# A DNS name (labels of letters, digits and hyphens; accented ones in their IDNA form) or an IPv4.
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_URL = 2000


def _host_ok(host: str) -> bool:
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return len(ascii_host) <= 253 and all(_LABEL.match(label) for label in ascii_host.split("."))


def shop_url_problem(url: str) -> str | None:
    """The Hungarian reason ``url`` cannot be a shop's API address (None when it can)."""
    shown = url if len(url) <= 100 else url[:100] + "…"
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return f"A webáruház API címe nem értelmezhető webcím: {shown}"
    if len(url) > MAX_URL or (parts.scheme in ("http", "https") and not (host and _host_ok(host))):
        return f"A webáruház API címe nem érvényes webcím: {shown} (pl. https://api.unas.eu/shop/)"
    if parts.username is not None or parts.password is not None:
        # A name and password in the address would be sent to the shop and kept in the database.
        return f"A webáruház API címében ne legyen felhasználónév vagy jelszó: {parts.scheme}://…@{host}"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return None
    if parts.scheme == "http":
        return (
            f"A webáruház API címe csak https:// kezdetű lehet (titkosított kapcsolat): {shown}. "
            "Az UNAS címe: https://api.unas.eu/shop/"
        )
    return f"A webáruház API címe https:// kezdetű webcím legyen, nem „{parts.scheme or shown}”: {shown}"


def check_shop_url(url: str) -> str:
    problem = shop_url_problem(url)
    if problem:
        raise UnasError(problem)
    return url
