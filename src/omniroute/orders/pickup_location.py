"""Where a click & collect order may be collected: a store that offers pickup."""

from __future__ import annotations

from inventory import Capability, Location, LocationKind
from omniroute.errors import InvalidRequest


def require_pickup_store(location: Location) -> None:
    """Refuse (`InvalidRequest` naming `pickup_location_id`) a location customers cannot
    collect at: a warehouse, or a store without `Capability.PICKUP`. An order for it could
    never be served, so it is the request that is wrong, not the stock."""
    if location.kind is not LocationKind.STORE:
        raise InvalidRequest(
            f"pickup_location_id: {location.id} is a {location.kind.value}; customers collect"
            " at stores",
            field="pickup_location_id",
        )
    if Capability.PICKUP not in location.capabilities:
        raise InvalidRequest(
            f"pickup_location_id: store {location.id} does not offer pickup",
            field="pickup_location_id",
        )
