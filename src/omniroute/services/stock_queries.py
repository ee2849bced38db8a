"""Read-side steps the stock model does not offer in one call: network totals with
filters, several-capability nearby search, and the levels of chosen pairs."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from inventory import Capability, Location, LocationKind, StockLevel
from inventory.availability import NearbyLocation
from inventory.model import StockModel

ALL_KINDS = frozenset(LocationKind)
#: Half the Earth's circumference: a radius that includes every location.
WHOLE_EARTH_KM = 20_016.0
DEFAULT_NEARBY_LIMIT = 10


@dataclass(frozen=True)
class SkuSummary:
    """One SKU summed over the counted (active, eligible) locations."""

    sku_id: str
    levels: list[StockLevel]

    def total(self, counter: str) -> int:
        """Sum of one counter (`on_hand`, `reserved`, `safety_stock`, `available`)."""
        return sum(int(getattr(level, counter)) for level in self.levels)

    @property
    def incoming(self) -> int:
        """Units incoming, summed."""
        return sum(level.incoming.qty for level in self.levels if level.incoming)

    @property
    def next_incoming_at(self) -> datetime | None:
        """Earliest expected arrival, if anything is incoming."""
        dates = [level.incoming.expected_at for level in self.levels if level.incoming]
        return min(dates, default=None)


def eligible(
    location: Location, kinds: Collection[LocationKind], capabilities: Collection[Capability]
) -> bool:
    """Whether a location is of one of `kinds` (empty: any) and has every capability."""
    return (not kinds or location.kind in kinds) and all(
        c in location.capabilities for c in capabilities
    )


def network_availability(
    model: StockModel,
    sku_ids: Sequence[str],
    kinds: Collection[LocationKind],
    capabilities: Collection[Capability],
) -> list[SkuSummary]:
    """Per SKU (in order), the levels at active locations of the given kinds/capabilities."""
    active = {loc.id: loc for loc in model.location_index().locations}
    return [
        SkuSummary(
            sku_id,
            [
                level
                for level in model.availability(sku_id)
                if level.location_id in active
                and eligible(active[level.location_id], kinds, capabilities)
            ],
        )
        for sku_id in sku_ids
    ]


def find_nearby(
    model: StockModel,
    point: tuple[float, float],
    wanted: Mapping[str, int],
    *,
    radius_km: float | None,
    limit: int | None,
    kinds: frozenset[LocationKind],
    capabilities: frozenset[Capability],
    require_all: bool,
) -> list[NearbyLocation]:
    """`StockModel.nearby` with any number of required capabilities."""
    if radius_km is None and limit is None:
        limit = DEFAULT_NEARBY_LIMIT
    ordered = sorted(capabilities)
    first, others = (ordered[0], ordered[1:]) if ordered else (None, [])
    found = model.nearby(
        point,
        wanted,
        radius_km=radius_km if radius_km is not None or not others else WHOLE_EARTH_KM,
        k=None if others else limit,
        kinds=kinds or ALL_KINDS,
        capability=first,
        require_all=require_all,
    )
    found = [n for n in found if all(c in n.location.capabilities for c in others)]
    return found[:limit] if limit is not None else found


def pair_levels(
    model: StockModel, sku_ids: Sequence[str], location_ids: Sequence[str]
) -> list[StockLevel]:
    """Levels of the SKUs at the locations (all holding locations when none are given),
    ordered by location id then SKU id; zeros for a named pair never stocked."""
    model.catalog.sku_pks(sku_ids)
    model.catalog.location_pks(location_ids)
    wanted_locations = set(location_ids)
    found: dict[tuple[str, str], StockLevel] = {}
    for sku_id in dict.fromkeys(sku_ids):
        for level in model.availability(sku_id):
            if not wanted_locations or level.location_id in wanted_locations:
                found[level.location_id, level.sku_id] = level
    for location_id in wanted_locations:
        for sku_id in sku_ids:
            found.setdefault((location_id, sku_id), StockLevel(location_id, sku_id, 0, 0, 0))
    return [found[pair] for pair in sorted(found)]


def watched_levels(
    model: StockModel, sku_ids: Sequence[str], location_ids: Sequence[str], page: int = 1000
) -> list[StockLevel]:
    """Current levels of what a WatchStock stream watches (its initial snapshot)."""
    if sku_ids:
        return pair_levels(model, sku_ids, location_ids)
    levels: list[StockLevel] = []
    for location_id in location_ids:
        offset = 0
        while batch := model.stock_at(location_id, limit=page, offset=offset):
            levels.extend(batch)
            offset += page
    return levels
