"""The CLI: the main job, data commands, and one clear line with exit code 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from natolab.cli.main import app
from natolab.store import Store

runner = CliRunner()


def natolab(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    exe = Path(sys.executable).with_name("natolab")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=os.environ)


def test_status_shows_every_ally_and_the_counts(store: Store) -> None:
    result = runner.invoke(app, ["status", "--release", "nato-2024-06", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)  # exactly one document
    assert doc["title"].startswith(
        "Defence expenditure, share of GDP, 2024: 23 of 31 allies with a published figure"
    )
    assert doc["title"].endswith("(32 members that year)")
    rows = doc["tables"]["allies"]
    assert len(rows) == 32
    iceland = next(r for r in rows if r["iso3"] == "ISL")
    assert iceland["pct_gdp"] is None and iceland["meets"] is None
    counts = {r["year"]: r["at_or_above"] for r in doc["tables"]["counts"]}
    assert counts[2014] == 3 and counts[2016] == 5 and counts[2023] == 10 and counts[2024] == 23
    assert min(counts) == 2014


def test_status_default_year_is_the_latest_complete_one(store: Store) -> None:
    result = runner.invoke(app, ["status", "--on", "2026-11-24", "--format", "csv"])
    assert result.exit_code == 0, result.output
    # The July 2026 edition gives every ally with armed forces a 2026 estimate (31 of 31).
    explicit = runner.invoke(
        app, ["status", "--on", "2026-11-24", "--year", "2026", "--format", "csv"]
    )
    assert result.output == explicit.output
    table = pd.read_csv(io.StringIO(result.output))  # one table, read as pandas reads it
    assert list(table.columns[:2]) == ["iso3", "ally"] and len(table) == 32
    assert (table["release"] == "nato-2026-07").sum() == 31 and (
        table["source_id"] == "S16"
    ).sum() == 31
    iceland = table[table["iso3"] == "ISL"].iloc[0]
    assert pd.isna(iceland["pct_gdp"])  # no armed forces: listed without a figure


def test_status_table_for_people(store: Store) -> None:
    args = ["status", "--release", "nato-2024-06", "--year", "2016"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    # 2016: 28 members (before Montenegro), Iceland without a figure (no armed forces)
    text = " ".join(result.output.split())  # the title wraps to the table's width
    assert "5 of 27 allies with a published figure at or above 2%" in text
    assert "(28 members that year)" in text


def test_errors_are_one_line_and_exit_2(store: Store) -> None:
    result = natolab("status", "--release", "nato-1999-01")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: unknown release 'nato-1999-01'")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    year = natolab("status", "--year", "1990")
    assert year.returncode == 2 and "no share-of-GDP data for 1990" in year.stderr


def test_version() -> None:
    result = natolab("--version")
    assert result.returncode == 0 and result.stdout.strip() == "natolab 0.1.0"


def test_verify_accepts_the_bundle() -> None:
    result = runner.invoke(app, ["data", "verify"])
    assert result.exit_code == 0 and "bundle OK" in result.output


def test_build_creates_the_store(natolab_home: Path) -> None:
    result = runner.invoke(app, ["data", "build"])
    assert result.exit_code == 0, result.output
    assert (natolab_home / "natolab.duckdb").exists()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_writes_data_and_provenance(store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "spend"
    result = runner.invoke(
        app, ["data", "export", "--format", fmt, "-o", str(out), "--on", "2024-12-31"]
    )
    assert result.exit_code == 0, result.output
    path = out.with_suffix(f".{fmt}")
    if fmt == "xlsx":
        table = pd.read_excel(path, sheet_name="spending")
        meta = pd.read_excel(path, sheet_name="metadata")
    elif fmt == "parquet":
        table = pq.read_table(path).to_pandas()
        meta_raw = pq.read_schema(path).metadata
        meta = pd.DataFrame(
            {
                "key": [k.decode() for k in meta_raw],
                "value": [v.decode() for v in meta_raw.values()],
            }
        )
        meta["key"] = meta["key"].str.removeprefix("natolab.")
    else:
        table = pd.read_csv(path)
        doc = json.loads((tmp_path / "spend.csv.metadata.json").read_text())
        meta = pd.DataFrame({"key": ["licence", "as_of"], "value": [doc["licence"], doc["as_of"]]})
    assert set(table["release"]) == {"nato-2019-06", "nato-2024-02", "nato-2024-06"}
    assert table["source_id"].notna().all()
    info = dict(zip(meta["key"], meta["value"], strict=False))
    assert "credit NATO" in info["licence"] and info["as_of"] == "2024-12-31"


def test_help_imports_no_heavy_library() -> None:
    """`natolab --help` must stay fast: pandas, NumPy, DuckDB, SciPy load only when used."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from natolab.cli.main import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = {'pandas', 'numpy', 'duckdb', 'scipy', 'matplotlib', 'openpyxl'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


WORKBOOKS = Path(__file__).parent / "fixtures" / "workbooks"


def test_importing_nato_s_june_2024_workbook_matches_the_bundle(store: Store) -> None:
    before = store.spending().astype(str)
    for _ in range(2):  # the bundled release, then the same file again: nothing changes
        result = runner.invoke(
            app, ["data", "import", str(WORKBOOKS / "240617-def-exp-2024-TABLES-en.xlsx")]
        )
        assert result.exit_code == 0, result.output
        assert "release nato-2024-06: 5,346 rows (unchanged" in result.output
    after = Store(store.path).spending().astype(str)
    pd.testing.assert_frame_equal(before, after)


def test_import_refuses_to_swap_a_release_from_another_source(store: Store) -> None:
    repro = str(WORKBOOKS / "repro-def-exp-2026-en.xlsx")
    before = store.spending().astype(str)
    refused = runner.invoke(app, ["data", "import", repro])
    assert refused.exit_code != 0
    assert "already in the store from source S16" in str(refused.exception)
    pd.testing.assert_frame_equal(before, Store(store.path).spending().astype(str))
    added = runner.invoke(app, ["data", "import", repro, "--release", "repro-2026"])
    assert added.exit_code == 0, added.output
    after = Store(store.path).spending()
    assert set(after["release"]) == set(before["release"]) | {"repro-2026"}
    untouched = after[after["release"] != "repro-2026"].astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(before.reset_index(drop=True), untouched)


def test_latest_export_has_one_value_per_cell_and_lists_each_source(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "latest"
    result = runner.invoke(app, ["data", "export", "--latest", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out.with_suffix(".csv"))
    assert list(table.columns[:3]) == ["iso3", "year", "measure"]
    assert not table.duplicated(["iso3", "year", "measure", "base_year"]).any()
    doc = json.loads((tmp_path / "latest.csv.metadata.json").read_text())
    listed = [source["source_id"] for source in doc["sources"]]
    assert len(listed) == len(set(listed)) and all(";" not in sid for sid in listed)
    used = set(";".join(table["source_id"]).split(";"))
    assert set(listed) == used


def test_export_metadata_is_complete_and_one_file_per_data_file(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(app, ["data", "export", "--release", "nato-2024-06", "-o", f"{folder}/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "natolab-spending.csv",
        "natolab-spending.csv.metadata.json",
    ]
    doc = json.loads((folder / "natolab-spending.csv.metadata.json").read_text())
    table = pd.read_csv(folder / "natolab-spending.csv")
    assert [c["name"] for c in doc["columns"]] == list(table.columns)
    assert all(c["description"] for c in doc["columns"])
    assert "percent of GDP" in doc["measures"]["pct_gdp"]
    s01 = next(s for s in doc["sources"] if s["source_id"] == "S01")
    assert s01["url"].startswith("https://") and "June 2024" in s01["title"] and s01["grade"] == "A"
    assert set(doc["grades"]) == {"A", "B", "C", "D"} and "estimate" in doc["estimate_convention"]
    assert [r["release"] for r in doc["releases"]] == ["nato-2024-06"]
    xlsx = runner.invoke(app, ["data", "export", "--release", "nato-2024-06", "--format", "xlsx",
                               "-o", str(folder / "book")])  # fmt: skip
    assert xlsx.exit_code == 0, xlsx.output
    sheet = pd.read_excel(folder / "book.xlsx", sheet_name="metadata").set_index("key")["value"]
    assert sheet["source:S01"].startswith(s01["title"]) and s01["url"] in sheet["source:S01"]
    assert (
        sheet["grade:A"] == doc["grades"]["A"]
        and sheet["column:value"] == doc["columns"][4]["description"]
    )


def shares_from_bundle(release: str, year: int) -> pd.Series:
    """Raw bundled shares of one release and year (grade D never used), read with pandas."""
    from natolab.data.bundle import bundle_path

    table = pd.read_csv(bundle_path("spending.csv"))
    rows = table[
        (table["release"] == release)
        & (table["measure"] == "pct_gdp")
        & (table["year"] == year)
        & (table["quality"] != "D")
        & ~table["iso3"].isin(["NATO_EUR_CAN", "NATO_TOTAL"])
    ]
    return rows.set_index("iso3")["value"]


@pytest.mark.parametrize(
    ("args", "release", "year"),
    [
        (["--year", "2025"], "nato-2026-07", 2025),
        (["--year", "2024"], "nato-2026-07", 2024),
        (["--year", "2024", "--release", "nato-2024-06"], "nato-2024-06", 2024),
        (["--year", "2024", "--release", "nato-2025-08"], "nato-2025-08", 2024),
    ],
)
def test_status_counts_say_how_many_allies_have_a_figure(
    store: Store, args: list[str], release: str, year: int
) -> None:
    shares = shares_from_bundle(release, year)
    at_line = int((shares >= 2.0).sum())
    result = runner.invoke(app, ["status", "--on", "2026-11-24", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["title"].endswith(
        f"{at_line} of {len(shares)} allies with a published figure at or above 2% of GDP"
        " (32 members that year)"
    )
    with_share = [r for r in doc["tables"]["allies"] if r["pct_gdp"] is not None]
    assert len(with_share) == len(shares) == 31
    assert all(r["grade"] in {"A", "B", "C"} and r["estimate"] is not None for r in with_share)


def test_status_counts_match_the_issue(store: Store) -> None:
    # The issue's "Must hold" (spending/README.md): 2024 in E2024 23, E2025 18, E2026 17.
    expected = {"nato-2024-06": 23, "nato-2025-08": 18, "nato-2026-07": 17}
    for release, count in expected.items():
        assert int((shares_from_bundle(release, 2024) >= 2.0).sum()) == count
    latest = runner.invoke(app, ["status", "--on", "2026-11-24", "--year", "2024"])
    assert "2024: 17 of 31 allies with a published figure" in " ".join(latest.output.split())


def test_press_sourced_values_are_marked_in_the_table_view(store: Store) -> None:
    args = ["status", "--release", "nato-2025-08", "--year", "2025"]
    table = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0
    poland = next(line for line in table.output.splitlines() if "Poland" in line)
    assert "C press-sourced" in poland  # Poland 2025e from press coverage (S09;S10;S12)
    csv = runner.invoke(app, [*args, "--format", "csv"])
    assert ",C," in csv.output and "press-sourced" not in csv.output
