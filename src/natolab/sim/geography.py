"""Capitals, land borders and operation theatres for the crisis model, with distances.

Threat proximity and distance to the attacked ally drive support in model B, and the same
features are what the participation model is calibrated on, so both read these tables (bundled
in ``natolab/sim/data``, sources in its ``SOURCES.md``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0


def _read(name: str) -> pd.DataFrame:
    with files("natolab.sim").joinpath("data", name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, keep_default_na=False)


@cache
def places() -> pd.DataFrame:
    """Capitals of allies and adversary states: code, kind, name, lat, lon, landlocked."""
    frame = _read("places.csv")
    frame["landlocked"] = frame["landlocked"].astype(str).str.lower().eq("true")
    return frame.set_index("code")


@cache
def borders() -> frozenset[tuple[str, str]]:
    """(state, ally) pairs sharing a land border."""
    frame = _read("borders.csv")
    return frozenset(zip(frame["state"], frame["ally"], strict=True))


@cache
def theatres() -> pd.DataFrame:
    """Where each calibration operation took place and against which state."""
    return _read("operation_theatres.csv").set_index("operation_id")


def great_circle_km(lat1: np.ndarray, lon1: np.ndarray, lat2: float, lon2: float) -> np.ndarray:
    """Haversine distance in km (capital to capital is what the model means by distance)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distances_km(allies: list[str], lat: float, lon: float) -> np.ndarray:
    """Distance from each ally's capital to a point."""
    table = places().loc[allies]
    return great_circle_km(table["lat"].to_numpy(float), table["lon"].to_numpy(float), lat, lon)


def borders_state(allies: list[str], state: str) -> np.ndarray:
    """1.0 where the ally shares a land border with ``state``."""
    pairs = borders()
    return np.array([1.0 if (state, a) in pairs else 0.0 for a in allies])


def location(code: str) -> tuple[float, float]:
    """Latitude and longitude of a capital (ally or state)."""
    table = places()
    return float(table.loc[code, "lat"]), float(table.loc[code, "lon"])  # type: ignore[arg-type]
