"""Paging of the List RPCs: the page size asked for, and opaque page tokens.

A listing is ordered by id, so a page token is the last id of the page it follows. The
token also carries a check over the listing's name, its filters and that id: a token
that was altered, or that comes from another listing or from the same listing with other
filters, is refused (`InvalidRequest` naming page_token) instead of silently continuing
somewhere else. The check is not a secret: a forged token could only start a listing
the caller may read anyway at some id, which needs no protection.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from omniroute.errors import InvalidRequest

#: Items of a page when the request leaves page_size at 0.
DEFAULT_PAGE_SIZE = 100
#: The most items of one page; a larger page_size is cut to it.
MAX_PAGE_SIZE = 1000
_CHECK_BYTES = 12


@dataclass(frozen=True)
class PageRequest:
    """A page of one listing (an RPC name and the canonical text of its filters): it
    starts after the id `after` (None: the first page) and holds at most `size` items."""

    listing: str
    filters: str
    after: str | None
    size: int

    @property
    def limit(self) -> int:
        """Items to read: one more than the page holds, to learn whether more follow."""
        return self.size + 1

    def next_token(self, ids: Sequence[str]) -> str:
        """The token of the next page, given the ids of up to `limit` items read for this
        one; empty when no more follow."""
        if len(ids) <= self.size:
            return ""
        payload = ids[self.size - 1].encode()
        check = _check(self.listing, self.filters, payload)
        return base64.urlsafe_b64encode(check + payload).decode()


def page_request(request: Any, listing: str, filters: str = "") -> PageRequest:
    """The page a List request (page_size, page_token) of `listing` with `filters` asks for."""
    if request.page_size < 0:
        raise InvalidRequest(
            f"page_size must not be negative, got {request.page_size}", field="page_size"
        )
    size = min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    token = request.page_token
    after = _last_id(token, listing, filters) if token else None
    return PageRequest(listing, filters, after, size)


def _last_id(token: str, listing: str, filters: str) -> str:
    refused = InvalidRequest(
        f"page_token: not a token of {listing} with these filters; start again without one",
        field="page_token",
    )
    try:
        raw = base64.b64decode(token.encode("ascii"), altchars=b"-_", validate=True)
        check, payload = raw[:_CHECK_BYTES], raw[_CHECK_BYTES:]
        last = payload.decode()
    except (UnicodeError, binascii.Error, ValueError):
        raise refused from None
    if check != _check(listing, filters, payload) or not last:
        raise refused
    return last


def _check(listing: str, filters: str, payload: bytes) -> bytes:
    text = f"omniroute.v1 page\0{listing}\0{filters}\0".encode() + payload
    return hashlib.sha256(text).digest()[:_CHECK_BYTES]
