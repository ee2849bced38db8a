"""What happens to a returned unit at the location that receives it.

The rule, by condition and the kind of the receiving location:

============  ===========  ==========  =================================================
condition     store        warehouse   why
============  ===========  ==========  =================================================
NEW           restock      restock     sellable as it is, anywhere
OPENED        liquidate    restock     the warehouse returns line inspects and repacks it
                                       and sells it as new; a store cannot repack, so it
                                       sells it as open-box at a markdown
DAMAGED       liquidate    liquidate   sold as seen / to an outlet, never as new
DEFECTIVE     scrap        refurbish   the warehouse repairs it or sends it to the vendor;
                                       a store has no bench, it writes the unit off
============  ===========  ==========  =================================================

Only RESTOCK puts the unit back into sellable stock, so only a restocked unit earns the
need-based value of the return-routing objective; the others are worth zero there.
"""

from __future__ import annotations

from enum import StrEnum

from routing.problem import LocationKind
from routing.return_problem import ReturnCondition


class Disposition(StrEnum):
    """Where a received unit goes next."""

    RESTOCK = "restock"
    REFURBISH = "refurbish"
    LIQUIDATE = "liquidate"
    SCRAP = "scrap"


_RULE: dict[tuple[ReturnCondition, LocationKind], Disposition] = {
    (ReturnCondition.NEW, LocationKind.STORE): Disposition.RESTOCK,
    (ReturnCondition.NEW, LocationKind.WAREHOUSE): Disposition.RESTOCK,
    (ReturnCondition.OPENED, LocationKind.STORE): Disposition.LIQUIDATE,
    (ReturnCondition.OPENED, LocationKind.WAREHOUSE): Disposition.RESTOCK,
    (ReturnCondition.DAMAGED, LocationKind.STORE): Disposition.LIQUIDATE,
    (ReturnCondition.DAMAGED, LocationKind.WAREHOUSE): Disposition.LIQUIDATE,
    (ReturnCondition.DEFECTIVE, LocationKind.STORE): Disposition.SCRAP,
    (ReturnCondition.DEFECTIVE, LocationKind.WAREHOUSE): Disposition.REFURBISH,
}


def disposition(condition: ReturnCondition, location_kind: LocationKind) -> Disposition:
    """The disposition of a unit in `condition` received at a location of `location_kind`."""
    return _RULE[ReturnCondition(condition), LocationKind(location_kind)]


def resellable(condition: ReturnCondition, location_kind: LocationKind) -> bool:
    """True when such a unit goes back into sellable stock there."""
    return disposition(condition, location_kind) is Disposition.RESTOCK
