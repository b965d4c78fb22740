"""NAV's official Hungarian texts (resources/nav/messages), read by the service for its answers."""

from __future__ import annotations

from functools import cache

from app.paths import resources_dir


@cache
def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("validations_hu.properties", "messages_hu.properties"):
        path = resources_dir() / "nav" / "messages" / name
        for row in path.read_text(encoding="utf-8").splitlines():
            if "=" not in row or row.lstrip().startswith("#"):
                continue
            key, value = (part.strip() for part in row.split("=", 1))
            out[key.rsplit(".", 1)[-1]] = value
    return out


def hungarian(code: str) -> str:
    return _table().get(code) or code
