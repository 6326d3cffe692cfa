"""Releases side by side: diff, crossings, counts, the release list and vintages of one cell.

Expected values come from the bundled raw table (read directly with pandas, not through the code
under test) and from spending/SOURCES.md ("2024 allies >= 2%: E2024 23; E2025 18; E2026 17").
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from natolab import releases
from natolab.cli.main import app
from natolab.data.bundle import bundle_path
from natolab.errors import InputError, UnknownAllyError, UnknownReleaseError
from natolab.store import Store

runner = CliRunner()
A, B = "nato-2024-06", "nato-2025-08"


def raw_shares(release: str) -> pd.Series:
    table = pd.read_csv(bundle_path("spending.csv"))
    rows = table[(table["release"] == release) & (table["measure"] == "pct_gdp")]
    rows = rows[rows["quality"] != "D"]  # grade D is never used (spending/SOURCES.md)
    return rows.set_index(["iso3", "year"])["value"]


def test_the_five_allies_that_fell_below_two_percent_for_2024(store: Store) -> None:
    crossed = releases.crossings(A, B, store=store)
    fell_2024 = crossed[(crossed["year"] == 2024) & (crossed["direction"] == "fell below")]
    assert set(fell_2024["iso3"]) == {"ALB", "BGR", "MKD", "MNE", "SVK"}
    old, new = raw_shares(A), raw_shares(B)
    for row in fell_2024.itertuples():
        assert row.old == old[(row.iso3, 2024)] and row.old >= 2.0
        assert row.new == new[(row.iso3, 2024)] and row.new < 2.0


def test_diff_lists_every_changed_cell_with_its_change(store: Store) -> None:
    changes = releases.diff(A, B, "pct_gdp", store=store)
    old, new = raw_shares(A), raw_shares(B)
    both = old.index.intersection(new.index)
    # The Aug 2025 copy is rounded to 9 decimals: smaller differences are not revisions.
    differing = {key for key in both if abs(old[key] - new[key]) > 1e-9}
    compared = changes[changes["change"].isin(["revised", "estimate_to_actual"])]
    assert set(zip(compared["iso3"], compared["year"], strict=True)) == differing
    poland = changes.set_index(["iso3", "year"]).loc[("POL", 2024)]
    assert poland["abs_change"] == pytest.approx(new[("POL", 2024)] - old[("POL", 2024)])
    assert poland["pct_change"] == pytest.approx(100 * poland["abs_change"] / old[("POL", 2024)])
    added = changes[changes["change"] == "added"]
    assert set(zip(added["iso3"], added["year"], strict=True)) == set(new.index) - set(old.index)


def test_estimates_that_became_actuals_are_flagged(store: Store) -> None:
    # 2023 was an estimate in June 2024 and an actual in Aug 2025 (SOURCES.md, editions table).
    changes = releases.diff(A, B, "pct_gdp", ["Poland"], store=store)
    flips = changes[changes["change"] == "estimate_to_actual"]
    assert set(flips["year"]) == {2023}
    assert set(changes["iso3"]) == {"POL"}


def test_money_cells_missing_from_the_newer_release_are_withdrawn(store: Store) -> None:
    # The Aug 2025 release in the bundle holds shares only (releases.csv notes).
    changes = releases.diff(A, B, "usd_current_m", store=store)
    assert set(changes["change"]) == {"withdrawn"}
    assert changes["new"].isna().all() and changes["abs_change"].isna().all()


def test_constant_prices_in_two_bases_are_not_compared(store: Store) -> None:
    changes = releases.diff(A, "nato-2026-07", "usd_constant_m", ["USA"], store=store)
    both = changes[changes["old"].notna() & changes["new"].notna()]
    assert len(both) == 11 and set(both["change"]) == {"rebased"}  # 2015 vs 2021 prices
    assert both["abs_change"].isna().all()


def test_line_counts_per_release(store: Store) -> None:
    counts = releases.line_counts(A, B, store=store).set_index("year")
    assert counts.loc[2024, "at_or_above_a"] == 23 and counts.loc[2024, "at_or_above_b"] == 18
    latest = releases.line_counts(B, "nato-2026-07", store=store).set_index("year")
    assert latest.loc[2024, "at_or_above_b"] == 17
    assert pd.isna(counts.loc[2025, "at_or_above_a"])  # June 2024 has no 2025 figure


def test_release_list_has_dates_bases_coverage_and_grades(store: Store) -> None:
    listed = releases.releases(store=store).set_index("release")
    assert str(listed.loc["nato-2026-07", "cutoff"]) == "2026-07-03"
    assert listed.loc["nato-2026-07", "source_id"] == "S16"
    assert listed.loc["nato-2024-06", "base_year"] == 2015
    assert listed.loc["nato-2025-08", "grades"] == "B;C;D"
    assert "No United States row" in listed.loc["nato-2024-02", "notes"]
    assert listed["published"].is_monotonic_increasing


def test_vintages_of_one_cell_in_publication_order(store: Store) -> None:
    poland = releases.vintages("POL", "pct_gdp", 2024, store=store)
    assert list(poland["release"]) == ["nato-2024-06", "nato-sgar-2024", B, "nato-2026-07"]
    assert poland.iloc[0]["value"] == raw_shares(A)[("POL", 2024)]
    assert list(poland["is_estimate"]) == [True, True, True, False]


def test_bad_input_is_refused(store: Store) -> None:
    with pytest.raises(UnknownReleaseError, match="nato-2024-06"):
        releases.diff(A, "nato-1999", store=store)
    with pytest.raises(InputError, match="unknown measure"):
        releases.diff(A, B, "pct_of_gdp", store=store)
    with pytest.raises(UnknownAllyError, match="Narnia"):
        releases.vintages("Narnia", "pct_gdp", 2024, store=store)


def test_cli_diff_names_the_five_with_both_values(store: Store) -> None:
    result = runner.invoke(app, ["data", "diff", A, B, "--measure", "pct_gdp", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    crossed = [r for r in doc["tables"]["crossings"] if r["year"] == 2024]
    assert {r["iso3"] for r in crossed} == {"ALB", "BGR", "MKD", "MNE", "SVK"}
    albania = next(r for r in crossed if r["iso3"] == "ALB")
    assert albania["old"] == raw_shares(A)[("ALB", 2024)]
    assert albania["new"] == raw_shares(B)[("ALB", 2024)]
    table = runner.invoke(app, ["data", "diff", A, B, "--measure", "pct_gdp"])
    assert "crossed the 2% line" in table.output and "MNE" in table.output


def test_cli_diff_csv_and_releases(store: Store) -> None:
    csv = runner.invoke(app, ["data", "diff", A, B, "--ally", "ALB", "--format", "csv"])
    assert csv.exit_code == 0
    assert csv.output.splitlines()[0].startswith("iso3,year,measure,change,old,new")
    assert all(line.startswith("ALB,") for line in csv.output.splitlines()[1:])
    listed = runner.invoke(app, ["data", "releases", "--format", "csv"])
    assert listed.exit_code == 0 and "nato-2026-07" in listed.output
