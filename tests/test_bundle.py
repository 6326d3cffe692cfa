"""The bundled dataset: checksums guard it, and it holds the data as compiled, nothing more."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from natolab.data.bundle import bundle_root
from natolab.data.manifest import verify_manifest

SHARED = Path(__file__).parents[2] / "shared" / "data"


def test_manifest_detects_a_changed_a_missing_and_an_extra_file(tmp_path: Path) -> None:
    copy = tmp_path / "files"
    shutil.copytree(bundle_root(), copy)
    assert verify_manifest(copy).ok
    with (copy / "spending.csv").open("a", encoding="utf-8") as handle:
        handle.write("nato-2024-06,USA,2030,pct_gdp,9.9,,,,,S01,A,,\n")
    (copy / "allies.csv").unlink()
    (copy / "extra.csv").write_text("x\n", encoding="utf-8")
    result = verify_manifest(copy)
    assert result.mismatched == ("spending.csv",)
    assert result.missing == ("allies.csv",)
    assert result.unlisted == ("extra.csv",)
    assert not result.ok


def test_bundle_holds_every_compiled_value_with_its_source() -> None:
    tidy = pd.read_csv(bundle_root() / "spending.csv", keep_default_na=False)
    assert (tidy["source_id"] != "").all()
    assert tidy["quality"].isin(["A", "B", "C", "D"]).all()
    # no cell of one release appears twice
    assert not tidy.duplicated(["release", "iso3", "year", "measure"]).any()
    # nothing invented: every release-year cell for Iceland's defence spending is absent
    iceland = tidy[(tidy["iso3"] == "ISL") & (tidy["measure"] == "pct_gdp")]
    assert iceland.empty


def test_releases_have_publication_dates_in_order() -> None:
    releases = pd.read_csv(bundle_root() / "releases.csv")
    assert releases["release"].is_unique
    published = pd.to_datetime(releases["published"])
    assert published.is_monotonic_increasing
    tidy = pd.read_csv(bundle_root() / "spending.csv", usecols=["release"])
    assert set(tidy["release"]) == set(releases["release"])


def test_allies_table_matches_accession_facts() -> None:
    allies = pd.read_csv(bundle_root() / "allies.csv", keep_default_na=False)
    assert len(allies) == 32 and allies["iso3"].is_unique
    by_code = allies.set_index("iso3")
    assert by_code.loc["SWE", "accession_date"] == "2024-03-07"
    assert by_code.loc["FIN", "accession_date"] == "2023-04-04"
    assert str(by_code.loc["ISL", "has_armed_forces"]).lower() == "false"
