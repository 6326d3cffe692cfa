"""Burden sharing, the US share and per-capita spending, checked against NATO's own totals."""

from __future__ import annotations

import math

import pytest

from natolab import Alliance
from natolab.burden import apportion, burden_sharing, fair_share, per_capita, us_share
from natolab.errors import InputError
from tests.burden.rawdata import E2024, raw


def test_alliance_totals_equal_natos_own_total_every_year(e2024: Alliance) -> None:
    nato_total = raw(E2024, "usd_current_m", aggregates=True).loc["NATO_TOTAL"]
    europe = raw(E2024, "usd_current_m", aggregates=True).loc["NATO_EUR_CAN"]
    table = us_share(e2024).set_index("year")
    for year in range(2014, 2025):
        assert table.loc[year, "total_usd_m"] == pytest.approx(nato_total[year], rel=1e-9)
        assert table.loc[year, "europe_canada_usd_m"] == pytest.approx(europe[year], rel=1e-9)


def test_us_share_of_the_total(e2024: Alliance) -> None:
    totals = raw(E2024, "usd_current_m", aggregates=True)
    expected = 100 * totals.loc["USA", 2024] / totals.loc["NATO_TOTAL", 2024]
    row = us_share(e2024, 2024).iloc[0]
    assert row["us_share_pct"] == pytest.approx(expected)
    assert row["releases"] == E2024


def test_burden_ratio_is_share_of_spending_over_share_of_gdp(e2024: Alliance) -> None:
    spending, gdp = raw(E2024, "usd_current_m")[2024], raw(E2024, "gdp_usd_current_m")[2024]
    table = burden_sharing(e2024, 2024).set_index("iso3")
    assert table["share_of_alliance_spending_pct"].sum() == pytest.approx(100.0)
    assert table["share_of_alliance_gdp_pct"].sum() == pytest.approx(100.0)
    expected = (spending["POL"] / spending.sum()) / (gdp["POL"] / gdp.sum())
    assert table.loc["POL", "burden_ratio"] == pytest.approx(expected)
    assert table.loc["ISL", "spending_usd_m"] == 0.0  # no armed forces, GDP still counts
    assert table.loc["ISL", "share_of_alliance_gdp_pct"] > 0
    assert (table["release"].drop("ISL") == E2024).all()


def test_allies_count_from_their_accession_year(e2024: Alliance) -> None:
    table = burden_sharing(e2024, [2022, 2024])
    assert "FIN" not in set(table[table["year"] == 2022]["iso3"])
    assert "SWE" in set(table[table["year"] == 2024]["iso3"])


def test_a_year_with_missing_figures_has_no_shares_and_says_why(
    one_figure_withheld: Alliance,
) -> None:
    table = burden_sharing(one_figure_withheld, 2026)
    assert table["share_of_alliance_spending_pct"].isna().all()
    assert table["reason"].str.contains("alliance total unknown").all()
    us = us_share(one_figure_withheld, 2026).iloc[0]
    assert math.isnan(us["us_share_pct"]) and "without spending" in us["reason"]


def test_per_capita_is_natos_own_figure_in_one_price_base(e2024: Alliance) -> None:
    expected = raw(E2024, "defexp_per_capita_usd_constant").loc["NOR", 2024]
    table = per_capita(e2024, 2024).set_index("iso3")
    assert table.loc["NOR", "defence_per_capita_usd_constant"] == pytest.approx(expected)
    assert set(table["price_base_year"]) == {2015}


def test_years_outside_the_data_are_refused(e2024: Alliance) -> None:
    with pytest.raises(InputError, match="no defence spending"):
        burden_sharing(e2024, 2030)


def test_apportion_by_weight_and_the_fraction_picked_up() -> None:
    out = apportion(10, {"A": 3.0, "B": 1.0}, {"A": 6.0}).set_index("iso3")
    assert out.loc["A", "fair_share"] == 7.5 and out.loc["B", "fair_share"] == 2.5
    assert out.loc["A", "fraction_of_fair_share"] == pytest.approx(0.8)
    assert math.isnan(out.loc["B", "provided"])  # unknown is not zero
    with pytest.raises(InputError):
        apportion(10, {"A": 0.0}, {})
    with pytest.raises(InputError):
        apportion(-1, {"A": 1.0}, {})


def test_fair_share_of_alliance_spending_is_the_burden_ratio(e2024: Alliance) -> None:
    fair = fair_share(e2024, 2024).set_index("iso3")
    ratio = burden_sharing(e2024, 2024).set_index("iso3")["burden_ratio"]
    assert fair["fraction_of_fair_share"].to_numpy() == pytest.approx(ratio[fair.index].to_numpy())
    battalions = fair_share(e2024, 2024, total=100, provided={"DEU": 5}, unit="battalions")
    germany = battalions.set_index("iso3").loc["DEU"]
    gdp = raw(E2024, "gdp_usd_current_m")[2024]
    assert germany["fair_share"] == pytest.approx(100 * gdp["DEU"] / gdp.sum())
