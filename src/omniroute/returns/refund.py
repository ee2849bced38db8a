"""Refunds from the price actually paid, in exact cents.

A line's paid amount (`qty * unit_price - apportioned discount`) is shared out over its
units cumulatively: after `u` of `q` units have come back, `floor(paid * u / q)` cents have
been refunded for the line. A return of `k` more units therefore refunds
`floor(paid * (u + k) / q) - floor(paid * u / q)`. Whatever the split into returns, the
refunds of a line add up to exactly what was paid once every unit is back, and never to
more; the order's refunds can thus never exceed what the customer paid.

Rule for promotions with a minimum spend: the refund is the apportioned net price of the
returned units, and the discount stays with the units kept, even when the rest of the
basket no longer meets the threshold (no claw-back). Shopify refunds a line's discounted price the
same way; the refund is known at the counter the moment the units are handed over, and
the customer is never asked to pay anything back.
"""

from __future__ import annotations

from omniroute.money import units_share


def refund_cents(paid_cents: int, qty: int, returned_before: int, returning: int) -> int:
    """What `returning` more units of a line refund, after `returned_before` came back."""
    if qty <= 0 or paid_cents < 0:
        raise ValueError("a line needs a positive quantity and a non-negative paid amount")
    if returned_before < 0 or returning < 0 or returned_before + returning > qty:
        raise ValueError(
            f"cannot return {returning} after {returned_before} of a line of {qty} units"
        )
    return units_share(paid_cents, qty, returned_before, returning)
