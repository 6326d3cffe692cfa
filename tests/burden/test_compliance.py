"""Compliance: counts, gaps in points and dollars, provenance, missing values and bad input."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from natolab import Alliance, Reform
from natolab.burden import compliance
from natolab.data.sources import source_id_for_url
from natolab.errors import InputError
from natolab.store import Store
from tests.burden.rawdata import E2024, raw

WALES = source_id_for_url("https://www.nato.int/cps/en/natohq/news_112461.htm")
VILNIUS = source_id_for_url(
    "https://www.nato.int/cps/en/natohq/official_texts_217320.htm?selecteddLocale=fr"
)


def test_counts_of_allies_at_two_percent_match_the_issue(e2024: Alliance) -> None:
    counts = compliance(e2024, range(2014, 2025)).counts.set_index("year")["at_or_above"]
    assert (counts[2014], counts[2016], counts[2023], counts[2024]) == (3, 5, 10, 23)


def test_counts_agree_with_the_raw_table_every_year(e2024: Alliance) -> None:
    shares = raw(E2024, "pct_gdp")
    counts = compliance(e2024, range(2014, 2025)).counts.set_index("year")
    for year in range(2014, 2025):
        assert counts.loc[year, "at_or_above"] == int((shares[year] >= 2.0).sum()), year
        assert counts.loc[year, "with_data"] == int(shares[year].notna().sum()), year


def test_gaps_in_points_and_dollars_use_the_same_release_gdp(e2024: Alliance) -> None:
    table = compliance(e2024, 2016).table.set_index("iso3")
    share = raw(E2024, "pct_gdp").loc["DEU", 2016]
    gdp = raw(E2024, "gdp_usd_current_m").loc["DEU", 2016]
    gdp_constant = raw(E2024, "gdp_usd_constant_m").loc["DEU", 2016]
    germany = table.loc["DEU"]
    assert germany["meets"] is False
    assert germany["gap_pct_gdp"] == pytest.approx(2.0 - share)
    assert germany["gap_usd_m"] == pytest.approx((2.0 - share) / 100 * gdp)
    assert germany["gap_usd_constant_m"] == pytest.approx((2.0 - share) / 100 * gdp_constant)
    assert germany["gdp_release"] == E2024 and germany["price_base_year"] == 2015
    assert table.loc["USA", "gap_usd_m"] == 0.0 and table.loc["USA", "meets"] is True


def test_total_gap_is_the_sum_over_allies_short(e2024: Alliance) -> None:
    shares, gdp = raw(E2024, "pct_gdp")[2024], raw(E2024, "gdp_usd_current_m")[2024]
    short = shares[shares < 2.0]
    expected = ((2.0 - short) / 100 * gdp[short.index]).sum()
    report = compliance(e2024, 2024)
    assert report.counts["total_gap_usd_m"].iloc[0] == pytest.approx(expected)
    assert set(report.short["iso3"]) == set(short.index)
    assert report.short["gap_pct_gdp"].is_monotonic_decreasing


def test_every_row_names_its_release_and_the_parameter_with_its_source(e2024: Alliance) -> None:
    table = compliance(e2024, [2016, 2024]).table
    with_data = table[table["pct_gdp"].notna()]
    assert set(with_data["release"]) == {E2024}
    assert set(table["target_parameter"]) == {"defence_guideline_share_of_gdp"}
    by_year = table.groupby("year")["target_reference"].first()
    assert by_year[2016] == WALES and by_year[2024] == VILNIUS  # in force at each year's end


def test_equipment_share_against_twenty_percent(e2024: Alliance) -> None:
    equipment = raw(E2024, "equipment_share_pct")[2024].dropna()
    table = compliance(e2024, 2024).table.set_index("iso3")
    assert (table["equipment_target_pct"] == 20.0).all()
    for code, value in equipment.items():
        assert table.loc[code, "meets_equipment"] == (value >= 20.0), code


def test_iceland_and_missing_figures_stay_missing_with_a_reason(
    before_july_2026: Alliance,
) -> None:
    table = compliance(before_july_2026, 2025).table.set_index("iso3")
    iceland = table.loc["ISL"]
    assert math.isnan(iceland["pct_gdp"]) and iceland["meets"] is None
    assert "no armed forces" in iceland["reason"]
    hungary = table.loc["HUN"]  # no 2025 share published (spending README)
    assert math.isnan(hungary["pct_gdp"]) and "not published" in hungary["reason"]
    poland = table.loc["POL"]  # a 2025 share but no 2025 GDP in any release
    assert poland["meets"] is True and math.isnan(poland["gdp_usd_m"])
    assert "no GDP" in poland["reason"]


def test_a_share_from_a_newer_release_names_the_gdp_release_it_was_paired_with(
    before_july_2026: Alliance,
) -> None:
    row = compliance(before_july_2026, 2024).table.set_index("iso3").loc["ESP"]
    assert row["release"] == "nato-2025-08" and row["gdp_release"] == E2024
    assert "GDP from nato-2024-06" in row["reason"]
    gdp = raw(E2024, "gdp_usd_current_m").loc["ESP", 2024]
    share = raw("nato-2025-08", "pct_gdp").loc["ESP", 2024]
    assert row["gap_usd_m"] == pytest.approx((2.0 - share) / 100 * gdp)


def test_the_hague_core_target_and_a_reform_of_it(store: Store) -> None:
    shares = raw(E2024, "pct_gdp")[2024]
    nato = Alliance(release=E2024, store=store)
    hague = compliance(nato, 2024, "hague core").counts.iloc[0]
    assert hague["at_or_above"] == int((shares >= 3.5).sum())
    assert hague["target_parameter"] == "hague_core_defence_share_of_gdp"
    reform = Reform("core 3%", {"hague_core_defence_share_of_gdp": 3.0})
    reformed = Alliance(release=E2024, reforms=[reform], store=store)
    counts = compliance(reformed, 2024, "hague core").counts.iloc[0]
    assert counts["at_or_above"] == int((shares >= 3.0).sum())
    assert counts["target_reference"] == "reform:core 3%"


def test_a_number_is_a_user_target(e2024: Alliance) -> None:
    shares = raw(E2024, "pct_gdp")[2024]
    counts = compliance(e2024, 2024, 2.5).counts.iloc[0]
    assert counts["at_or_above"] == int((shares >= 2.5).sum())
    assert counts["target_reference"] == "user-supplied"


def test_default_year_is_the_latest_every_ally_reported(
    latest: Alliance, before_july_2026: Alliance
) -> None:
    assert compliance(before_july_2026).years == (2024,)
    assert compliance(latest).years == (2026,)  # the July 2026 edition covers every ally


@pytest.mark.parametrize(
    ("year", "target", "message"),
    [
        (2040, "in force", "no share-of-GDP data for 2040; data covers"),
        ([], "in force", "no year given"),
        (2024, 0, "target must be a positive share of GDP"),
        (2024, -1.5, "target must be a positive share of GDP"),
        (2024, "five percent", "unknown target"),
        (2016, "us_europe_troop_floor", "not a share of GDP"),
    ],
)
def test_bad_input_gives_one_clear_error(
    e2024: Alliance, year: int | list[int], target: float | str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        compliance(e2024, year, target)


def test_a_target_not_yet_in_force_is_refused(store: Store) -> None:
    before_the_hague = Alliance(on="2025-06-24", store=store)
    with pytest.raises(InputError, match="not in force on 2025-06-24"):
        compliance(before_the_hague, 2024, "hague core")


def test_full_table_is_members_by_years(latest: Alliance) -> None:
    report = compliance(latest, range(2014, 2027))
    assert len(report.table) == 32 * 13
    assert not report.table.duplicated(["iso3", "year"]).any()
    members_2016 = report.table[report.table["year"] == 2016]["member_in_year"].sum()
    assert members_2016 == 28  # before Montenegro (2017), North Macedonia, Finland, Sweden
    assert isinstance(report.table, pd.DataFrame)
