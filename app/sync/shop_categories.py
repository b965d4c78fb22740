"""Category paths a product push needs, created in the shop (parents first) before the products."""

from __future__ import annotations

from collections.abc import Iterable

from app.unas import catalog
from app.unas.client import UnasClient
from app.unas.records import CategoryWrite


def normalize_path(path: str) -> str:
    return "|".join(part.strip() for part in path.split("|") if part.strip())


def ensure_categories(client: UnasClient, paths: Iterable[str]) -> dict[str, str]:
    """Create the missing paths; returns {path: Hungarian reason} for those that could not be made.

    Raises the client's errors (network, ban, budget) for the caller to stop the run with.
    """
    wanted = {normalize_path(p) for p in paths if p and normalize_path(p)}
    if not wanted:
        return {}
    existing = {normalize_path(c.path) for c in catalog.get_categories(client)}
    failed: dict[str, str] = {}
    missing = sorted(p for p in wanted if p not in existing)
    depth = max((p.count("|") for p in missing), default=-1) + 1
    # One level per call: a child needs its parent to exist already.
    for level in range(depth):
        writes: list[CategoryWrite] = []
        for path in missing:
            parts = path.split("|")
            if len(parts) <= level:
                continue
            prefix = "|".join(parts[: level + 1])
            parent = "|".join(parts[:level]) or None
            if prefix in existing or any(w.name == parts[level] and w.parent_tree == parent for w in writes):
                continue
            if parent is not None and parent in failed:
                continue
            writes.append(CategoryWrite(name=parts[level], parent_tree=parent))
        if not writes:
            continue
        result, error = catalog.set_categories(client, writes)
        for write, item in zip(writes, result.items, strict=True):
            path = f"{write.parent_tree}|{write.name}" if write.parent_tree else write.name
            if item.status == "ok":
                existing.add(path)
            else:
                reason = item.error or "nincs válasz"
                failed[path] = f"A(z) „{path}” kategória nem hozható létre a webáruházban: {reason}"
        if error is not None:
            raise error
    return {p: _reason(p, failed) for p in missing if p not in existing}


def _reason(path: str, failed: dict[str, str]) -> str:
    if path in failed:
        return failed[path]
    parent = next((msg for f, msg in failed.items() if path.startswith(f + "|")), None)
    return parent or f"A(z) „{path}” kategória nem hozható létre a webáruházban."
