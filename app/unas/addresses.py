"""Which addresses a shop's API may have: https only; plain http only on this machine (the built-in
test shop and the tests). Checked when a shop is saved or tested and when a client is made."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.unas.errors import UnasError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def shop_url_problem(url: str) -> str | None:
    """The Hungarian reason ``url`` cannot be a shop's API address (None when it can)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return f"A webáruház API címe nem értelmezhető: {url}"
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return None
    if parts.scheme == "http":
        return (
            f"A webáruház API címe csak https:// kezdetű lehet (titkosított kapcsolat): {url}. "
            "Az UNAS címe: https://api.unas.eu/shop/"
        )
    return f"A webáruház API címe https:// kezdetű webcím legyen, nem „{parts.scheme or url}”: {url}"


def check_shop_url(url: str) -> str:
    problem = shop_url_problem(url)
    if problem:
        raise UnasError(problem)
    return url
