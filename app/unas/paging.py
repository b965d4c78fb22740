"""Paging through list answers (getOrder, getProduct, getCategory) with LimitNum / LimitStart."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import TypeVar

from app.unas.client import UnasClient
from app.unas.limits import Bucket
from app.unas.xml_codec import Element

T = TypeVar("T")


def pages(
    client: UnasClient,
    endpoint: str,
    bucket: Bucket,
    build: Callable[[int, int | None], Element],
    item_tag: str,
    parse: Callable[[Element], T],
    identity: Callable[[T], Hashable],
    *,
    page_size: int,
    single: bool = False,
    before_page: Callable[[], None] | None = None,
) -> Iterator[list[T]]:
    """Pages while a page comes back full; records already seen are dropped.

    ``build(limit_num, limit_start)`` makes the request. LimitStart's base (0 or 1) is
    undocumented: each page overlaps the previous one by a record, and de-duplicating by
    ``identity`` makes that correct under both readings. ``before_page`` may raise to stop
    before a call is spent (budget reserve, cancel).
    """
    seen: set[Hashable] = set()
    start = 0
    while True:
        if before_page is not None:
            before_page()
        answer = client.call(endpoint, build(page_size, start or None), bucket)
        page = [parse(el) for el in answer.iterfind(item_tag)]
        fresh = []
        for record in page:
            key = identity(record)
            if key not in seen:
                seen.add(key)
                fresh.append(record)
        yield fresh
        if single or len(page) < page_size:
            return
        start += page_size - 1
