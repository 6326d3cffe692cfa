"""The bundled dataset: checksums guard it, and it holds the data as compiled, nothing more."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from natolab.data.bundle import bundle_root
from natolab.data.manifest import verify_manifest
from natolab.errors import DataError

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


def test_a_malformed_manifest_is_one_clear_line_naming_it(tmp_path: Path) -> None:
    """A merge conflict left in the manifest: `natolab data verify` says which line, exit 2."""
    import os
    import subprocess
    import sys

    copy = tmp_path / "files"
    shutil.copytree(bundle_root(), copy)
    manifest = copy / "MANIFEST.sha256"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text("\n".join([lines[0], "<<<<<<< HEAD", *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="MANIFEST.sha256 line 2 is not"):
        verify_manifest(copy)
    script = (
        "import sys, natolab.data.bundle as b; from pathlib import Path; "
        f"b.bundle_root = lambda: Path({str(copy)!r}); "
        "from natolab.cli.main import run; sys.argv = ['natolab', 'data', 'verify']; run()"
    )
    env = {**os.environ, "NATOLAB_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "MANIFEST.sha256 line 2" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
