"""Shared types of `common.proto`: timestamps, locations, SKUs, stock levels, enums."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from inventory import Capability, Location, LocationKind, Sku, StockLevel
from inventory.domain import PostalAddress
from omniroute.errors import InvalidRequest, MissingField
from omniroute.v1 import common_pb2

#: The domain has no "no cut-off"; an empty cut-off is stored as the last minute of the day.
NO_CUTOFF = time(23, 59)

KINDS = {
    common_pb2.LOCATION_KIND_STORE: LocationKind.STORE,
    common_pb2.LOCATION_KIND_WAREHOUSE: LocationKind.WAREHOUSE,
}
KINDS_TO_PROTO = {kind: value for value, kind in KINDS.items()}
CAPABILITIES = {
    common_pb2.CAPABILITY_SHIP: Capability.SHIP,
    common_pb2.CAPABILITY_PICKUP: Capability.PICKUP,
    common_pb2.CAPABILITY_ACCEPT_RETURNS: Capability.ACCEPT_RETURNS,
}
CAPABILITIES_TO_PROTO = {capability: value for value, capability in CAPABILITIES.items()}


def to_timestamp(moment: datetime) -> Timestamp:
    """A protobuf Timestamp of a timezone-aware moment."""
    stamp = Timestamp()
    stamp.FromDatetime(moment.astimezone(UTC))
    return stamp


def from_timestamp(stamp: Timestamp) -> datetime:
    """The UTC moment of a protobuf Timestamp."""
    return stamp.ToDatetime(tzinfo=UTC)


def optional_timestamp(message: Any, field: str) -> datetime | None:
    """The moment in `message.field`, or None when the field is unset."""
    return from_timestamp(getattr(message, field)) if message.HasField(field) else None


def location_kinds(values: Iterable[int], where: str) -> frozenset[LocationKind]:
    """Domain kinds of proto enum values; _UNSPECIFIED is rejected."""
    return frozenset(_enum(KINDS, value, where) for value in values)


def capabilities(values: Iterable[int], where: str) -> frozenset[Capability]:
    """Domain capabilities of proto enum values; _UNSPECIFIED is rejected."""
    return frozenset(_enum(CAPABILITIES, value, where) for value in values)


def _enum(table: dict[Any, Any], value: int, where: str) -> Any:
    try:
        return table[value]
    except KeyError:
        raise InvalidRequest(f"{where}: value {value} is unset or unknown") from None


def location_from_proto(message: Any) -> Location:
    """A domain Location; the address's point gives the coordinates."""
    where = f"location {message.location_id!r}"
    if not message.address.HasField("point"):
        raise MissingField(f"{where}: address.point (coordinates) is required")
    try:
        cutoff = (
            time.fromisoformat(message.cutoff_local_time)
            if message.cutoff_local_time
            else NO_CUTOFF
        )
    except ValueError:
        raise InvalidRequest(
            f"{where}: cutoff_local_time must be HH:MM, got {message.cutoff_local_time!r}"
        ) from None
    return Location(
        id=message.location_id,
        name=message.name,
        kind=_enum(KINDS, message.kind, f"{where}: kind"),
        latitude=message.address.point.latitude,
        longitude=message.address.point.longitude,
        capabilities=capabilities(message.capabilities, f"{where}: capabilities"),
        daily_capacity=message.daily_capacity_units,
        handling_cost_cents=message.handling_cost_cents,
        cutoff=cutoff,
        active=not message.disabled,
        address=PostalAddress(
            line1=message.address.line1,
            line2=message.address.line2,
            postal_code=message.address.postal_code,
            city=message.address.city,
            region=message.address.region,
            country_code=message.address.country_code,
        ),
    )


def address_to_proto(location: Location) -> Any:
    """A location's postal address with its point, the site's name as recipient."""
    address = location.address
    return common_pb2.Address(
        recipient=location.name,
        line1=address.line1,
        line2=address.line2,
        postal_code=address.postal_code,
        city=address.city,
        region=address.region,
        country_code=address.country_code,
        point=common_pb2.GeoPoint(latitude=location.latitude, longitude=location.longitude),
    )


def location_to_proto(location: Location) -> Any:
    """The proto Location of a domain Location."""
    return common_pb2.Location(
        location_id=location.id,
        name=location.name,
        kind=KINDS_TO_PROTO[location.kind],
        address=address_to_proto(location),
        capabilities=sorted(CAPABILITIES_TO_PROTO[c] for c in location.capabilities),
        daily_capacity_units=location.daily_capacity,
        handling_cost_cents=location.handling_cost_cents,
        cutoff_local_time=location.cutoff.strftime("%H:%M"),
        disabled=not location.active,
    )


def sku_from_proto(message: Any) -> Sku:
    """A domain Sku."""
    return Sku(
        id=message.sku_id,
        name=message.name,
        category=message.category,
        weight_g=message.weight_grams,
        price_cents=message.unit_price_cents,
    )


def sku_to_proto(sku: Sku) -> Any:
    """The proto Sku of a domain Sku."""
    return common_pb2.Sku(
        sku_id=sku.id,
        name=sku.name,
        category=sku.category,
        weight_grams=sku.weight_g,
        unit_price_cents=sku.price_cents,
    )


def stock_level_to_proto(level: StockLevel) -> Any:
    """The proto StockLevel (incoming as a one-element list when units are on the way)."""
    incoming = (
        [
            common_pb2.IncomingStock(
                quantity=level.incoming.qty, expected_at=to_timestamp(level.incoming.expected_at)
            )
        ]
        if level.incoming
        else []
    )
    return common_pb2.StockLevel(
        location_id=level.location_id,
        sku_id=level.sku_id,
        on_hand=level.on_hand,
        reserved=level.reserved,
        safety_stock=level.safety_stock,
        available=level.available,
        incoming=incoming,
    )


def sku_quantities(items: Iterable[Any], where: str) -> dict[str, int]:
    """SkuQuantity messages as {sku_id: quantity}; a SKU given twice is rejected."""
    wanted: dict[str, int] = {}
    for item in items:
        if item.sku_id in wanted:
            raise InvalidRequest(f"{where}: SKU {item.sku_id!r} is listed twice")
        wanted[item.sku_id] = item.quantity
    if not wanted:
        raise InvalidRequest(f"{where}: at least one item is required")
    return wanted
