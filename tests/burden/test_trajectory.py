"""Trajectories: the required growth, the path, groups, the GDP trend, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from natolab import Alliance
from natolab.burden import trajectory
from natolab.errors import InputError, UnknownAllyError
from tests.burden.rawdata import E2024, raw


def test_germany_to_three_and_a_half_percent_with_assumed_growth(e2024: Alliance) -> None:
    share = raw(E2024, "pct_gdp").loc["DEU", 2024]
    result = trajectory(e2024, "Germany", 3.5, 2035, gdp_growth=1.0)
    # spending x (1+r)^11 / (GDP x 1.01^11) must equal 3.5% of GDP
    expected = (3.5 / share) ** (1 / 11) * 1.01 - 1
    assert result.base_year == 2024 and result.by == 2035
    assert result.required_real_growth_pct == pytest.approx(100 * expected)
    assert result.gdp_growth_source == "assumed by the user"
    assert not result.already_meets


def test_the_money_path_ends_on_the_target(e2024: Alliance) -> None:
    gdp = raw(E2024, "gdp_usd_constant_m").loc["DEU", 2024]
    share = raw(E2024, "pct_gdp").loc["DEU", 2024]
    path = trajectory(e2024, "DEU", 3.5, 2035, gdp_growth=1.0).path.set_index("year")
    assert list(path.index) == list(range(2024, 2036))
    assert path.loc[2024, "defence_usd_constant_m"] == pytest.approx(share / 100 * gdp)
    assert path.loc[2035, "gdp_usd_constant_m"] == pytest.approx(gdp * 1.01**11)
    end = path.loc[2035]
    assert end["defence_usd_constant_m"] / end["gdp_usd_constant_m"] == pytest.approx(0.035)
    assert end["pct_gdp"] == pytest.approx(3.5)
    assert (path["price_base_year"] == 2015).all() and (path["release"] == E2024).all()
    assert (path["target_reference"] == "user-supplied").all()


def test_default_gdp_growth_is_the_trend_of_real_gdp_in_the_data(e2024: Alliance) -> None:
    gdp = raw(E2024, "gdp_usd_constant_m").loc["FRA"].dropna()
    slope = np.polyfit(gdp.index.to_numpy(float), np.log(gdp.to_numpy(float)), 1)[0]
    result = trajectory(e2024, "France", 3.5, 2035)
    assert result.gdp_growth_pct == pytest.approx(100 * (math.exp(slope) - 1))
    assert "2014-2024" in result.gdp_growth_source and E2024 in result.gdp_growth_source


def test_the_hague_target_by_default_with_its_reference(e2024: Alliance) -> None:
    result = trajectory(e2024, "Italy")
    assert result.target.value == 3.5 and result.by == 2035
    assert result.target.parameter == "hague_core_defence_share_of_gdp"
    assert result.target.reference.startswith("src-")


def test_europe_and_canada_share_matches_natos_own_aggregate(e2024: Alliance) -> None:
    aggregate = raw(E2024, "pct_gdp", aggregates=True)
    for group, code in (("Europe and Canada", "NATO_EUR_CAN"), ("NATO", "NATO_TOTAL")):
        result = trajectory(e2024, group, 3.5, 2035)
        assert result.base_year == 2024
        assert result.base_pct_gdp == pytest.approx(aggregate.loc[code, 2024], abs=0.005)
    europe = trajectory(e2024, "Europe and Canada", 3.5, 2035)
    assert "USA" not in europe.allies and len(europe.allies) == 31


def test_a_list_of_allies_is_weighted_by_gdp(e2024: Alliance) -> None:
    shares, gdp = raw(E2024, "pct_gdp"), raw(E2024, "gdp_usd_constant_m")
    pair = ["POL", "ESP"]
    expected = (shares.loc[pair, 2024] * gdp.loc[pair, 2024]).sum() / gdp.loc[pair, 2024].sum()
    result = trajectory(e2024, ["Poland", "Spain"], 3.5, 2035, gdp_growth=1.5)
    assert result.base_pct_gdp == pytest.approx(expected)
    per_ally = result.per_ally.set_index("iso3")
    assert bool(per_ally.loc["POL", "meets_now"]) and not bool(per_ally.loc["ESP", "meets_now"])
    assert per_ally.loc["ESP", "required_real_growth_pct"] > result.required_real_growth_pct


def test_an_ally_above_the_target_needs_less_than_gdp_growth(e2024: Alliance) -> None:
    result = trajectory(e2024, "Poland", 3.5, 2035, gdp_growth=2.0)
    assert result.already_meets and result.required_real_growth_pct < 2.0


def test_newest_share_without_gdp_gives_the_rate_but_no_dollars(
    before_july_2026: Alliance,
) -> None:
    result = trajectory(before_july_2026, "Poland", 5.0, 2035, gdp_growth=1.0)
    share_2025 = raw("nato-2025-08", "pct_gdp").loc["POL", 2025]
    assert result.base_year == 2025 and result.base_pct_gdp == pytest.approx(share_2025)
    assert result.required_real_growth_pct == pytest.approx(
        100 * ((5.0 / share_2025) ** (1 / 10) * 1.01 - 1)
    )
    assert result.path["defence_usd_constant_m"].isna().all()
    assert "no constant-price GDP for 2025" in result.reason


@pytest.mark.parametrize(
    ("who", "target", "by", "error", "message"),
    [
        ("Germny", 3.5, 2035, UnknownAllyError, "did you mean"),
        ("Germany", 0, 2035, InputError, "positive"),
        ("Germany", 3.5, 2020, InputError, "in the past"),
        ("Iceland", 3.5, 2035, InputError, "no armed forces"),
    ],
)
def test_bad_input_gives_one_clear_error(
    latest: Alliance, who: str, target: float, by: int, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        trajectory(latest, who, target, by)


def test_a_base_year_without_data_is_refused(e2024: Alliance) -> None:
    with pytest.raises(InputError, match="no share of GDP for DEU in 2030"):
        trajectory(e2024, "DEU", 3.5, 2035, base_year=2030)
