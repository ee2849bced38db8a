"""Coupon codes: generating them, and telling a retried issue from a different one."""

from __future__ import annotations

import hashlib
import secrets

from omniroute.promotions.domain import IssueCoupon

#: No 0/O or 1/I/L: codes are read aloud and typed from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def generate_code(prefix: str = "") -> str:
    """A random code like ``K7QM-X2PA-9TRD`` (60 bits), optionally prefixed."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3)]
    return (prefix + "-" if prefix else "") + "-".join(groups)


def fingerprint(command: IssueCoupon) -> str:
    """A hash of what is asked (not when), to tell a retry from a different coupon."""
    parts = [
        command.promotion_id,
        command.code,
        command.usage.value,
        str(command.redemption_limit),
        str(command.customer_id),
        str(command.valid_from and command.valid_from.timestamp()),
        str(command.valid_until and command.valid_until.timestamp()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
