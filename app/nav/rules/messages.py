"""NAV's own Hungarian texts of its validation codes (the official ``validations_hu`` file)."""

from __future__ import annotations

from functools import cache

from app.paths import resources_dir

_HERE = resources_dir() / "nav" / "messages"
_PREFIXES = (
    "common.dto.exception.enums.ValidatorFaultType.",
    "common.dto.exception.enums.InterfaceErrorCode.",
)


@cache
def _texts() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("validations_hu.properties", "messages_hu.properties"):
        for raw in (_HERE / name).read_text(encoding="utf-8").splitlines():
            key, sep, value = raw.partition("=")
            if not sep:
                continue
            key = key.strip()
            for prefix in _PREFIXES:
                if key.startswith(prefix):
                    out[key[len(prefix) :]] = value.strip()
    return out


def text(code: str) -> str:
    """The official Hungarian message of ``code`` (the code itself when NAV published none)."""
    return _texts().get(code) or code
