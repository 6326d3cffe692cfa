"""Capitals, land borders and operation theatres for the crisis model, with distances.

Threat proximity and distance to the attacked ally drive support in model B, and the same
features are what the participation model is calibrated on, so both read these tables (bundled
in the data layer's ``files/geography``, sources in its ``SOURCES.md``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from natolab.data.geography import read_geography_table
from natolab.geodesy import great_circle_km


@cache
def places() -> pd.DataFrame:
    """Capitals of allies and adversary states: code, kind, name, lat, lon, landlocked."""
    frame = read_geography_table("places.csv")
    frame["landlocked"] = frame["landlocked"].astype(str).str.lower().eq("true")
    return frame.set_index("code")


@cache
def borders() -> frozenset[tuple[str, str]]:
    """(state, ally) pairs sharing a land border."""
    frame = read_geography_table("borders.csv")
    return frozenset(zip(frame["state"], frame["ally"], strict=True))


@cache
def theatres() -> pd.DataFrame:
    """Where each calibration operation took place and against which state.

    The bundled table, plus the theatre points of the supplement's extra operations.
    """
    from natolab.data.facts.operations import extension_theatres

    frame = pd.concat([read_geography_table("operation_theatres.csv"), extension_theatres()])
    return frame.set_index("operation_id")


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
