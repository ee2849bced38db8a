"""Money: integer cents, and the one rule for sharing an amount out across lines.

`apportion` splits an amount in proportion to weights with the largest-remainder method, so
the shares are whole cents and always add up to the amount exactly. Ties in the remainder
go to the earlier line, which makes the split deterministic.

`units_share` shares a line's amount over its units cumulatively (what a shipment of some
of its units was paid, what a return of some of them refunds).
"""

from __future__ import annotations

from collections.abc import Sequence


def apportion(amount_cents: int, weights: Sequence[int]) -> list[int]:
    """Split `amount_cents` over `weights` (non-negative, in cents) to the cent.

    Each share is the floor of its exact proportional share, plus one cent for the lines with
    the largest remainders until the total is reached. An amount over all-zero weights is
    spread evenly (largest remainder again). A negative amount or weight is a bug.
    """
    if amount_cents < 0:
        raise ValueError(f"cannot apportion a negative amount: {amount_cents}")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    if not weights:
        if amount_cents:
            raise ValueError("cannot apportion an amount over no lines")
        return []
    total = sum(weights)
    if total == 0:
        weights = [1] * len(weights)
        total = len(weights)
    shares = [amount_cents * w // total for w in weights]
    remainders = [amount_cents * w % total for w in weights]
    left = amount_cents - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        shares[i] += 1
    return shares


def units_share(amount_cents: int, qty: int, before: int, units: int) -> int:
    """The cents that `units` more of a line's `qty` units carry after `before` of them.

    After `u` units, `floor(amount * u / qty)` cents have been accounted for, so however the
    units are grouped, the shares add up to exactly `amount_cents` once all `qty` are in.
    """
    return amount_cents * (before + units) // qty - amount_cents * before // qty
