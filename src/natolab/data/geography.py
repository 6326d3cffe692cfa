"""The bundled geography: places, Article 6 outlines, land borders and operation theatres.

The Article 6 rules (``natolab.rules.gazetteer``) and the crisis model (``natolab.sim.geography``)
read these files. They live in the data layer (``files/geography``) so that the manifest checks
them like every bundled file and each row (each GeoJSON feature) names its ``source_id``, a row
of ``sources.csv`` (keys in ``geography/SOURCES.md``). This module only finds and reads them;
what a place or a border means stays with the rules and the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from natolab.data.bundle import bundle_path

#: The bundled geography files (``scripts/build_geometry.py`` rebuilds the two GeoJSON files).
GeographyFile = Literal[
    "areas.geojson",
    "borders.csv",
    "gazetteer.csv",
    "land.geojson",
    "operation_theatres.csv",
    "places.csv",
]


def geography_path(name: GeographyFile) -> Path:
    """Path of one bundled geography file; a DataError if the bundle lacks it."""
    return bundle_path("geography", name)


def read_geography_table(name: GeographyFile) -> pd.DataFrame:
    """One geography CSV as text-faithful columns (empty cells stay empty strings, not NaN)."""
    with geography_path(name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, keep_default_na=False)


def read_geography_features(name: GeographyFile) -> list[dict[str, Any]]:
    """The features of one geography GeoJSON file (``properties`` and ``geometry`` each)."""
    features: list[dict[str, Any]] = json.loads(geography_path(name).read_text(encoding="utf-8"))[
        "features"
    ]
    return features
