"""Places for the Article 6 test: states, overseas territories, islands and seas, offline.

Two bundled files back it (see ``data/files/geography/SOURCES.md``): ``land.geojson`` (Natural Earth
1:110m countries, public domain) answers "whose land is this point on?", and ``gazetteer.csv``
names the islands, enclaves, territories and seas users ask about, with the state that holds
them, a representative point and a radius. Small islands are missing at 1:110m, so a point near
a named island resolves through the gazetteer. Unknown names get close matches, never a guess.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from typing import Any

from natolab.data.allies import normalise_name
from natolab.data.geography import geography_path, read_geography_features
from natolab.errors import InputError
from natolab.geodesy import great_circle_km


@dataclass(frozen=True)
class Place:
    """A named place: who holds it (empty for seas), what kind it is, and where."""

    name: str
    sovereign: str
    kind: str  # state | island | enclave | territory | sea
    lat: float
    lon: float
    radius_km: float = 0.0
    fact: str = ""
    note: str = ""


@cache
def _land() -> tuple[tuple[dict[str, str], Any], ...]:
    from shapely import prepare
    from shapely.geometry import shape

    features = read_geography_features("land.geojson")
    out = []
    for feature in features:
        geometry = shape(feature["geometry"])
        prepare(geometry)
        out.append((feature["properties"], geometry))
    return tuple(out)


@cache
def areas() -> dict[str, Any]:
    """The drawn Article 6 regions by name (europe, north_america, mediterranean, north_atlantic)."""
    from shapely import prepare
    from shapely.geometry import shape

    features = read_geography_features("areas.geojson")
    out = {}
    for feature in features:
        geometry = shape(feature["geometry"])
        prepare(geometry)
        out[feature["properties"]["name"]] = geometry
    return out


def in_area(name: str, lat: float, lon: float) -> bool:
    """Is the point inside the drawn outline ``name``? (internal: callers explain the answer)"""
    from shapely.geometry import Point

    return bool(areas()[name].contains(Point(lon, lat)))


def land_at(lat: float, lon: float) -> Place | None:
    """The state whose land (at 1:110m) holds the point, or None at sea."""
    from shapely.geometry import Point

    point = Point(lon, lat)
    for props, geometry in _land():
        if geometry.contains(point):
            return Place(props["name"], props["sovereign"], "state", lat, lon, note=props["iso3"])
    return None


@cache
def _gazetteer() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    rows = []
    with geography_path("gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place = Place(
                row["name"],
                row["sovereign"],
                row["kind"],
                float(row["lat"]),
                float(row["lon"]),
                float(row["radius_km"] or 0),
                row["fact"],
                row["note"],
            )
            aliases = tuple(a for a in row["aliases"].split("|") if a)
            rows.append((place, aliases))
    return tuple(rows)


@cache
def _states() -> dict[str, Place]:
    """Every state in the land file by ISO3, at its largest land part's inner point."""
    states = {}
    for props, geometry in _land():
        parts = list(getattr(geometry, "geoms", [geometry]))
        inner = max(parts, key=lambda p: p.area).representative_point()
        code = props["iso3"]
        states[code] = Place(
            props["name"], props["sovereign"], "state", inner.y, inner.x, note=code
        )
    return states


@cache
def _names() -> dict[str, Place]:
    table: dict[str, Place] = {}
    for code, state in _states().items():
        table[normalise_name(state.name)] = state
        table[code.casefold()] = state
    table.update(_ally_names())
    for place, aliases in _gazetteer():
        for name in (place.name, *aliases):
            table[normalise_name(name)] = place
    return table


def _ally_names() -> dict[str, Place]:
    """Allies' printed names (e.g. 'Türkiye', 'Czech Republic') mapped to their land."""
    from natolab.data.allies import _name_table

    states = _states()
    return {name: states[code] for name, code in _name_table().items() if code in states}


def find_place(name: str) -> Place:
    """A place by ISO3 code, state name, or gazetteer name/alias; close matches if unknown."""
    key = normalise_name(name)
    table = _names()
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    shown = [table[c].name for c in close]
    hint = f"; did you mean {', '.join(repr(s) for s in dict.fromkeys(shown))}?" if shown else ""
    raise InputError(f"unknown place {name!r}: not an ISO code, state or gazetteer name{hint}")


def near_place(lat: float, lon: float, kinds: tuple[str, ...]) -> Place | None:
    """The closest gazetteer place of these kinds whose radius reaches the point."""
    best: tuple[float, Place] | None = None
    for place, _ in _gazetteer():
        if place.kind not in kinds:
            continue
        distance = great_circle_km(lat, lon, place.lat, place.lon)
        if distance <= place.radius_km and (best is None or distance < best[0]):
            best = (distance, place)
    return best[1] if best else None


def state(code: str) -> Place:
    """A state by ISO3 code from the land file (InputError if the file has no such state)."""
    found = _states().get(code.upper())
    if found is None:
        raise InputError(f"no land for {code!r} in the bundled 1:110m map")
    return found


def gazetteer_places() -> tuple[Place, ...]:
    """Every named place in the gazetteer (for listings and tests)."""
    return tuple(place for place, _ in _gazetteer())
