"""The live stock model: locations, SKUs, stock levels, the ledger and reservations.

Available to promise = on hand - reserved - safety stock. Every change of a counter is an
append-only ledger row; `audit` proves that the counters equal the ledger. A reservation of
many lines is one transaction of conditional updates taken in a fixed lock order, so no unit
is ever promised twice, on SQLite and on PostgreSQL alike.

Exception tree (every error this package raises)::

    InventoryError
    ├── InvalidInput            bad values: quantities <= 0, malformed rows, bad coordinates
    │   └── DuplicateId         the same id twice in one request
    ├── NotFound
    │   ├── UnknownLocation
    │   ├── UnknownSku
    │   └── UnknownReservation
    ├── InsufficientStock       not enough available units (nothing was changed)
    │   └── NoDispatchCapacity  a location's capacity for the day is used up
    ├── InvalidTransition       a reservation step out of order (e.g. ship a released hold)
    └── IdempotencyConflict     an idempotency key reused for a different request
"""

from inventory.domain import (
    Capability,
    IncomingStock,
    Location,
    LocationKind,
    MovementKind,
    Reservation,
    ReservationLine,
    ReservationStatus,
    Sku,
    StockEvent,
    StockLevel,
)
from inventory.errors import (
    DuplicateId,
    IdempotencyConflict,
    InsufficientStock,
    InvalidInput,
    InvalidTransition,
    InventoryError,
    NoDispatchCapacity,
    NotFound,
    UnknownLocation,
    UnknownReservation,
    UnknownSku,
)

__all__ = [
    "Capability",
    "DuplicateId",
    "IdempotencyConflict",
    "IncomingStock",
    "InsufficientStock",
    "InvalidInput",
    "InvalidTransition",
    "InventoryError",
    "Location",
    "LocationKind",
    "MovementKind",
    "NoDispatchCapacity",
    "NotFound",
    "Reservation",
    "ReservationLine",
    "ReservationStatus",
    "Sku",
    "StockEvent",
    "StockLevel",
    "UnknownLocation",
    "UnknownReservation",
    "UnknownSku",
]
