"""`omniroute solve`: registered by the routing engine's file interface."""

from typing import Any


def register(subparsers: Any) -> None:
    """Nothing to register yet."""
