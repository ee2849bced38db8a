"""The exception tree of shop order intake (drawn in the package docstring)."""

from __future__ import annotations


class ShopError(Exception):
    """Base of every error raised by `omniroute.shop`."""


class InvalidShopPayload(ShopError):
    """A shop's payload is malformed; `path` names the field (``line_items[2].price``)."""

    reason = "SHOP_PAYLOAD_INVALID"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
