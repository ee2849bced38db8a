"""Walking a List RPC page by page, checking the paging contract on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: More pages than any listing of a test has: a walk that does not end is a failure.
MAX_PAGES = 2000


def walk(list_call: Callable[..., Any], request: Any, items: str, id_field: str) -> list[str]:
    """The ids of every item of a listing, reading it with `request` (its page_size and
    filters set) until next_page_token is empty. Every page but the last must be full."""
    size = request.page_size or 100
    ids: list[str] = []
    for _ in range(MAX_PAGES):
        reply = list_call(request)
        page = [getattr(item, id_field) for item in getattr(reply, items)]
        ids.extend(page)
        if not reply.next_page_token:
            assert len(page) <= size
            return ids
        assert len(page) == size, f"a page before the last holds {len(page)}, not {size}"
        request.page_token = reply.next_page_token
    raise AssertionError(f"no last page after {MAX_PAGES} pages")


def tampered(token: str) -> list[str]:
    """Variants of a page token that a server must refuse: a changed character in the
    check and in the id, a cut, an addition, and no base64 at all."""
    last = len(token.rstrip("=")) - 1
    return [
        _flipped(token, 0),
        _flipped(token, last),
        token[: len(token) // 2],
        token + "AAAA",
        "not a token!",
    ]


def _flipped(token: str, index: int) -> str:
    # The highest of a base64 character's six bits is never padding.
    value = _BASE64.index(token[index]) ^ 32
    return token[:index] + _BASE64[value] + token[index + 1 :]


_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
