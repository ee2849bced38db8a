"""Great-circle distances, vectorised over candidate locations."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    to_lat: float | NDArray[np.float64],
    to_lon: float | NDArray[np.float64],
) -> NDArray[np.float64]:
    """Distance in km from each (lat, lon) to a point (or, broadcast, to many points)."""
    phi1, phi2 = np.radians(lat), np.radians(to_lat)
    dphi = phi2 - phi1
    dlmb = np.radians(to_lon) - np.radians(lon)
    a = np.sin(dphi / 2.0) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2.0) ** 2
    central = 2.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return np.asarray(EARTH_RADIUS_KM * central, dtype=np.float64)
