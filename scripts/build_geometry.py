"""Build the bundled Article 6 geometry (run once by a developer; never at run time).

* ``land.geojson``: Natural Earth 1:110m Admin 0 countries (public domain), as shipped inside
  the geopandas 0.14.4 wheel (``geopandas/datasets/naturalearth_lowres``), with the sovereign
  state added for dependent territories and coordinates rounded to 0.01 degree.
* ``areas.geojson``: the regions Article 6 names, drawn by natolab as coarse outlines (the
  treaty defines none of them): the continents of Europe and North America as Article 6 reads
  them, the Mediterranean Sea and the North Atlantic area (clipped at the Tropic of Cancer at
  run time). An outline may cross land freely where that land's owner does not matter.

Usage::

    pip download --no-deps -d /tmp/gp geopandas==0.14.4 && unzip /tmp/gp/*.whl 'geopandas/datasets/*' -d /tmp/gp
    pip install pyshp==3.1.6 shapely==2.2.0
    python scripts/build_geometry.py /tmp/gp/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile  # pyshp, build time only
from shapely.geometry import mapping, shape

#: Written into the data layer's bundle (then ``make bundle`` refreshes the manifest).
OUT = Path(__file__).resolve().parents[1] / "src" / "natolab" / "data" / "files" / "geography"
#: Row provenance: keys of ``geography/SOURCES.md`` (rows of ``sources.csv``).
LAND_SOURCE = "natural_earth"
AREAS_SOURCE = "natolab_article6_outlines"

#: Natural Earth entries that are not sovereign states -> the state that holds them.
SOVEREIGN = {"GRL": "DNK", "FLK": "GBR", "PRI": "USA", "NCL": "FRA", "ATF": "FRA"}
#: Natural Earth leaves some codes as -99; fixed by name.
CODES = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}

EUROPE = [
    (-25, 62),
    (-25, 67.5),
    (-10, 72),
    (10, 81.5),
    (35, 81.5),
    (68, 77),
    (66, 69),
    (59, 61),
    (60, 55),
    (59, 51),
    (51.5, 47),
    (49, 44.5),
    (47, 42),
    (41.5, 43.3),
    (29.2, 41.25),
    (29.0, 41.0),
    (27.5, 40.7),
    (26.5, 40.25),
    (26.4, 39.9),
    (26.65, 39.3),
    (26.35, 38.7),
    (26.6, 38.2),
    (27.15, 37.7),
    (27.2, 37.0),
    (27.6, 36.7),
    (28.0, 36.55),
    (28.5, 36.3),
    (29.5, 36.18),
    (29.65, 36.17),
    (29.72, 36.1),
    (30, 35.8),
    (30, 34.5),
    (22, 34.5),
    (15.5, 34.5),
    (11.8, 35.2),
    (11.6, 36.6),
    (11.2, 37.5),
    (8.5, 38.5),
    (3, 37.7),
    (0, 37.2),
    (-3.0, 35.85),
    (-4.5, 36.1),
    (-5.3, 36.03),
    (-6.1, 36.0),
    (-10, 36.5),
    (-11, 43),
    (-11, 51.5),
    (-14, 57.5),
    (-8.5, 61),
    (-8.5, 62.5),
    (-13, 63),
    (-25, 62),
]
NORTH_AMERICA = [
    (-180, 50),
    (-180, 72),
    (-170, 75),
    (-120, 80),
    (-60, 84),
    (-10, 84),
    (-10, 79),
    (-16, 76),
    (-19, 72),
    (-26, 68),
    (-35, 64),
    (-43, 58.5),
    (-52, 47),
    (-59, 43.5),
    (-65, 41),
    (-69.5, 41),
    (-71, 40.5),
    (-73.5, 40),
    (-75, 38),
    (-75.2, 35.2),
    (-80, 31),
    (-80, 28),
    (-79.9, 25.5),
    (-80.3, 24.6),
    (-81.8, 24.4),
    (-82.9, 24.6),
    (-86.5, 21.3),
    (-87.5, 18),
    (-88, 16),
    (-83, 15),
    (-83, 11),
    (-77, 9),
    (-77.2, 7.2),
    (-78, 7),
    (-83, 7),
    (-92, 13.5),
    (-106, 18),
    (-117, 28),
    (-125, 35),
    (-126, 48),
    (-134, 53),
    (-140, 57),
    (-160, 53.5),
    (-170, 51),
    (-180, 50),
]
ALEUTIANS_WEST = [(170, 50), (180, 50), (180, 56), (170, 56), (170, 50)]
MEDITERRANEAN = [
    (-5.93, 35.79),
    (-6.03, 36.18),
    (-5.0, 38.0),
    (0, 41.5),
    (3, 43.5),
    (7.5, 44.5),
    (12, 46),
    (14, 46),
    (20, 42.5),
    (23, 41.5),
    (25.5, 41.0),
    (26.1, 40.6),
    (26.2, 40.05),
    (26.3, 39.8),
    (29, 38),
    (36.5, 37),
    (37, 34),
    (35.5, 32),
    (34.5, 30.8),
    (32.5, 30.5),
    (30, 30),
    (19, 29.5),
    (10, 33),
    (0, 34.5),
    (-5, 35),
    (-5.93, 35.79),
]
NORTH_ATLANTIC = [
    (-98, 18),
    (-98, 32),
    (-80, 35),
    (-75, 42),
    (-70, 47),
    (-66, 50),
    (-62, 53),
    (-64.5, 60.5),
    (-62, 66.5),
    (-53, 66.5),
    (-40, 70),
    (-15, 80),
    (10, 80),
    (25, 76),
    (26, 71),
    (30, 69.5),
    (30.5, 66),
    (31, 59),
    (29, 54),
    (20, 50),
    (15, 48),
    (5, 46),
    (0, 43.5),
    (-5.0, 40),
    (-6.03, 36.18),
    (-5.93, 35.79),
    (-5, 34),
    (-8, 28),
    (-13, 22),
    (-13, 18),
    (-98, 18),
]


def land(shp: Path) -> dict:
    reader = shapefile.Reader(str(shp))
    features = []
    for record, geometry in zip(reader.records(), reader.shapes(), strict=True):
        name, code = record["name"], record["iso_a3"]
        code = CODES.get(name, code)
        geom = shape(geometry.__geo_interface__)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso3": code,
                    "name": name,
                    "continent": record["continent"],
                    "sovereign": SOVEREIGN.get(code, code),
                    "source_id": LAND_SOURCE,
                },
                "geometry": _rounded(mapping(geom)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict) -> dict:
    def walk(node):
        if isinstance(node, (list, tuple)):
            if node and isinstance(node[0], (int, float)):
                return [round(float(node[0]), 2), round(float(node[1]), 2)]
            return [walk(n) for n in node]
        return node

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def areas() -> dict:
    def feature(name: str, *rings: list) -> dict:
        polygons = [[[list(p) for p in ring]] for ring in rings]
        return {
            "type": "Feature",
            "properties": {"name": name, "source_id": AREAS_SOURCE},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        }

    return {
        "type": "FeatureCollection",
        "features": [
            feature("europe", EUROPE),
            feature("north_america", NORTH_AMERICA, ALEUTIANS_WEST),
            feature("mediterranean", MEDITERRANEAN),
            feature("north_atlantic", NORTH_ATLANTIC),
        ],
    }


if __name__ == "__main__":
    (OUT / "land.geojson").write_text(json.dumps(land(Path(sys.argv[1])), separators=(",", ":")))
    (OUT / "areas.geojson").write_text(json.dumps(areas(), indent=1))
