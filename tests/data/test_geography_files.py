"""The bundled geography (files/geography) under the data layer's guarantees.

Every row and every GeoJSON feature names a source that resolves in sources.csv, the manifest
checks the files, and the builder scripts reproduce what is bundled. Expected values are read
with csv/json from the files themselves or from independent tables (operations.csv), never
through the loaders under test.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from natolab.data.bundle import bundle_root
from natolab.data.geography import (
    geography_path,
    read_geography_features,
    read_geography_table,
)
from natolab.data.manifest import verify_manifest, write_manifest
from natolab.data.sources import known_ids, source, split_ids

ROOT = Path(__file__).resolve().parents[2]
FOLDER = bundle_root() / "geography"
TABLES = ("borders.csv", "gazetteer.csv", "operation_theatres.csv", "places.csv")
OUTLINES = ("areas.geojson", "land.geojson")


def _rows(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _script(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_geography_files_live_only_in_the_data_layer() -> None:
    assert sorted(p.name for p in FOLDER.iterdir()) == sorted((*TABLES, *OUTLINES, "SOURCES.md"))
    package = ROOT / "src" / "natolab"
    assert not (package / "rules" / "data").exists()
    assert not (package / "sim" / "data").exists()


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_a_known_source(name: str) -> None:
    rows = _rows(name)
    assert rows
    for row in rows:
        ids = split_ids(row["source_id"])
        assert ids, f"{name}: a row without source_id: {row}"
        assert set(ids) <= known_ids(), f"{name}: unknown source in {row['source_id']!r}"


@pytest.mark.parametrize("name", OUTLINES)
def test_every_feature_names_a_known_source(name: str) -> None:
    features = json.loads((FOLDER / name).read_text(encoding="utf-8"))["features"]
    assert features
    for feature in features:
        assert feature["properties"]["source_id"] in known_ids()


def test_geography_sources_are_rows_of_their_own_dataset() -> None:
    assert source("natural_earth").url == "https://www.naturalearthdata.com/"
    assert source("cia_world_factbook").url == "https://www.cia.gov/the-world-factbook/"
    assert {source(k).dataset for k in ("natural_earth", "natolab_gazetteer")} == {"geography"}
    # natolab's own drawing names no page rather than borrowing one
    assert source("natolab_article6_outlines").url == ""
    assert "scripts/build_geometry.py" in source("natolab_article6_outlines").note


def test_a_theatre_cites_the_sources_of_its_operation() -> None:
    with (bundle_root() / "operations" / "operations.csv").open(encoding="utf-8") as handle:
        operations = {r["operation_id"]: r["source_id"] for r in csv.DictReader(handle)}
    theatres = _rows("operation_theatres.csv")
    assert len(theatres) == 10
    for row in theatres:
        assert row["source_id"] == operations[row["operation_id"]]


def test_the_manifest_lists_and_checks_every_geography_file(tmp_path: Path) -> None:
    manifest = (bundle_root() / "MANIFEST.sha256").read_text(encoding="utf-8")
    listed = {line.split("  ", 1)[1] for line in manifest.splitlines() if line}
    assert {f"geography/{n}" for n in (*TABLES, *OUTLINES, "SOURCES.md")} <= listed
    copy = tmp_path / "files"
    shutil.copytree(bundle_root(), copy)
    assert verify_manifest(copy).ok
    places = copy / "geography" / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("41.33", "41.34"), "utf-8")
    assert verify_manifest(copy).mismatched == ("geography/places.csv",)
    write_manifest(copy)  # the same call make bundle ends with
    assert verify_manifest(copy).ok


def test_the_loader_reads_the_bundled_files_faithfully() -> None:
    assert geography_path("places.csv") == FOLDER / "places.csv"
    places = read_geography_table("places.csv").set_index("code")
    raw = {r["code"]: r for r in _rows("places.csv")}
    assert places.loc["ALB", "lat"] == float(raw["ALB"]["lat"])
    assert places.loc["ALB", "note"] == ""  # empty cells stay empty text, not NaN
    land = read_geography_features("land.geojson")
    names = {f["properties"]["iso3"]: f["properties"]["sovereign"] for f in land}
    assert names["GRL"] == "DNK" and names["NOR"] == "NOR"


def test_sources_build_reports_a_geography_key_defined_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "files"
    shutil.copytree(bundle_root(), copy)
    md = copy / "geography" / "SOURCES.md"
    lines = md.read_text(encoding="utf-8").splitlines(keepends=True)
    md.write_text("".join(ln for ln in lines if not ln.startswith("| `cia_world")), "utf-8")
    _script("bundle_sources").build_sources(copy)
    out = capsys.readouterr().out
    assert "cia_world_factbook: used in geography/borders.csv but defined in no SOURCES.md" in out
    with (copy / "sources.csv").open(encoding="utf-8") as handle:
        rebuilt = {r["source_id"]: r for r in csv.DictReader(handle)}
    assert "cia_world_factbook" not in rebuilt
    assert rebuilt["natural_earth"]["dataset"] == "geography"


def test_build_geometry_script_reproduces_the_bundled_outlines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pyshp is a build-time tool (not installed); the outlines need only shapely
    monkeypatch.setitem(sys.modules, "shapefile", types.ModuleType("shapefile"))
    script = _script("build_geometry")
    assert script.OUT == FOLDER
    bundled = json.loads((FOLDER / "areas.geojson").read_text(encoding="utf-8"))
    assert script.areas() == bundled
