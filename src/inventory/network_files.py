"""Reading a network directory: locations, SKUs and stock tables (CSV or Parquet).

Every bad cell is reported with its file, row and field; nothing is written until all
locations and SKUs parse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import TypeVar

from inventory.bulk_load import Progress, StockLoadResult, find_table, load_stock, read_table
from inventory.domain import Capability, Location, PostalAddress, Sku
from inventory.errors import InvalidInput
from inventory.model import StockModel

T = TypeVar("T")
LOCATION_COLUMNS = ("id", "name", "kind", "latitude", "longitude")
SKU_COLUMNS = ("id", "name")


@dataclass(frozen=True)
class NetworkLoadResult:
    """Counts of what a network load wrote."""

    locations: int
    skus: int
    stock: StockLoadResult


def load_network(
    model: StockModel, directory: Path, *, progress: Progress | None = None
) -> NetworkLoadResult:
    """Upsert locations and SKUs, then set stock, from the tables in `directory`."""
    locations = parse_rows(find_table(directory, "locations"), LOCATION_COLUMNS, _location)
    skus = parse_rows(find_table(directory, "skus"), SKU_COLUMNS, _sku)
    model.upsert_locations(locations)
    model.upsert_skus(skus)
    stock_path = find_table(directory, "stock")
    with model.write() as conn:
        result = load_stock(conn, stock_path, progress=progress)
    return NetworkLoadResult(len(locations), len(skus), result)


def parse_rows(
    path: Path, required: tuple[str, ...], build: Callable[[dict[str, str]], T]
) -> list[T]:
    """Build one object per row, or `InvalidInput` naming the file, row and field."""
    frame = read_table(path)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InvalidInput(f"{path}: missing column(s) {', '.join(missing)}")
    out: list[T] = []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        try:
            out.append(build({str(k): str(v).strip() for k, v in record.items()}))
        except (InvalidInput, ValueError) as exc:
            raise InvalidInput(f"{path}: row {number}: {exc}") from exc
    if not out:
        raise InvalidInput(f"{path}: no rows")
    return out


def _int(row: dict[str, str], field: str, default: int = 0) -> int:
    value = row.get(field, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"field {field}: a whole number is required, got {value!r}") from None


def _float(row: dict[str, str], field: str) -> float:
    try:
        return float(row[field])
    except ValueError:
        raise InvalidInput(f"field {field}: a number is required, got {row[field]!r}") from None


def _location(row: dict[str, str]) -> Location:
    capabilities = frozenset(
        Capability(c.strip()) for c in row.get("capabilities", "ship").split("|") if c.strip()
    )
    cutoff = row.get("cutoff") or "16:00"
    try:
        cutoff_time = time.fromisoformat(cutoff)
    except ValueError:
        raise InvalidInput(f"field cutoff: HH:MM is required, got {cutoff!r}") from None
    if row["kind"] not in ("store", "warehouse"):
        raise InvalidInput(f"field kind: store or warehouse, got {row['kind']!r}")
    return Location(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],  # type: ignore[arg-type]
        latitude=_float(row, "latitude"),
        longitude=_float(row, "longitude"),
        capabilities=capabilities,
        daily_capacity=_int(row, "daily_capacity"),
        handling_cost_cents=_int(row, "handling_cost_cents"),
        cutoff=cutoff_time,
        active=row.get("active", "true").lower() not in ("false", "0", "no"),
        address=PostalAddress(**{f: row.get(ADDRESS_COLUMNS[f], "") for f in ADDRESS_COLUMNS}),
    )


#: Optional address columns of a locations file, by `PostalAddress` field.
ADDRESS_COLUMNS = {
    "line1": "address_line1",
    "line2": "address_line2",
    "postal_code": "postal_code",
    "city": "city",
    "region": "region",
    "country_code": "country_code",
}


def _sku(row: dict[str, str]) -> Sku:
    return Sku(
        id=row["id"],
        name=row["name"],
        category=row.get("category", ""),
        weight_g=_int(row, "weight_g"),
        price_cents=_int(row, "price_cents"),
    )


__all__ = ["NetworkLoadResult", "load_network", "parse_rows"]
