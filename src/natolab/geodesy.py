"""Great-circle distance on a spherical Earth: the one home for the radius and the formula.

The Article 6 gazetteer asks whether a point lies within a place's radius, and the crisis model
weighs support by capital-to-event distance; both mean the same haversine distance, so both
read it from here.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

#: Mean Earth radius in kilometres, the sphere both questions assume.
EARTH_RADIUS_KM = 6371.0

Degrees = TypeVar("Degrees", float, npt.NDArray[np.float64])


def great_circle_km(lat1: Degrees, lon1: Degrees, lat2: float, lon2: float) -> Degrees:
    """Haversine distance in km from (``lat1``, ``lon1``) — one point or arrays — to one point."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(distance) if np.ndim(distance) == 0 else distance  # type: ignore[return-value]
