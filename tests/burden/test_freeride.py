"""The Olson-Zeckhauser exploitation test, against statistics computed independently here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from natolab import Alliance
from natolab.burden import exploitation_test, partial_rank_correlation
from natolab.errors import InputError
from tests.burden.rawdata import E2024, raw


def residual_partial(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> float:
    """Partial rank correlation the long way: correlate residuals of ranks regressed on z's rank."""
    rx, ry, rz = (pd.Series(v).rank().to_numpy() for v in (x, y, z))
    design = np.column_stack([np.ones_like(rz), rz])
    ex = rx - design @ np.linalg.lstsq(design, rx, rcond=None)[0]
    ey = ry - design @ np.linalg.lstsq(design, ry, rcond=None)[0]
    return float(np.corrcoef(ex, ey)[0, 1])


def test_partial_rank_correlation_matches_the_residual_method() -> None:
    rng = np.random.default_rng(7)
    z = rng.normal(size=40)
    x, y = z + rng.normal(size=40), z + rng.normal(size=40) + 0.5 * rng.normal(size=40)
    r, p = partial_rank_correlation(x, y, z)
    assert r == pytest.approx(residual_partial(x, y, z))
    assert 0.0 <= p <= 1.0


def test_a_perfectly_monotone_relation_is_significant_one_sided() -> None:
    x = np.arange(1.0, 21.0)
    y, z = x**2, np.sin(x)  # y rises with x; z unrelated
    r, p = partial_rank_correlation(x, y, z)
    assert r == pytest.approx(1.0) and p < 0.001
    r_neg, p_neg = partial_rank_correlation(x, -y, z)
    assert r_neg == pytest.approx(-1.0) and p_neg > 0.99  # the wrong direction is not evidence


def test_yearly_statistics_match_pandas_rank_correlations(e2024: Alliance) -> None:
    share, gdp = raw(E2024, "pct_gdp")[2024], raw(E2024, "gdp_usd_current_m")[2024]
    both = pd.DataFrame({"share": share, "gdp": gdp}).dropna()
    row = exploitation_test(e2024, 2024, 2024).iloc[0]
    assert row["allies"] == len(both) == 31
    assert row["spearman_rho"] == pytest.approx(both["gdp"].corr(both["share"], method="spearman"))
    assert row["kendall_tau"] == pytest.approx(both["gdp"].corr(both["share"], method="kendall"))
    assert 0.0 < row["spearman_p"] < 1.0 and 0.0 < row["kendall_p"] < 1.0
    assert row["releases"] == E2024


def test_partial_correlation_holds_gdp_per_capita_constant(e2024: Alliance) -> None:
    frame = pd.DataFrame(
        {
            "share": raw(E2024, "pct_gdp")[2020],
            "gdp": raw(E2024, "gdp_usd_current_m")[2020],
            "pc": raw(E2024, "gdp_per_capita_usd_k_constant")[2020],
        }
    ).dropna()
    row = exploitation_test(e2024, 2020, 2020).iloc[0]
    expected = residual_partial(
        frame["gdp"].to_numpy(), frame["share"].to_numpy(), frame["pc"].to_numpy()
    )
    assert row["partial_rho"] == pytest.approx(expected)


def test_default_range_is_the_years_with_data_and_bad_ranges_are_refused(
    latest: Alliance, before_july_2026: Alliance
) -> None:
    table = exploitation_test(before_july_2026)
    assert table["year"].min() == 2014 and table["year"].max() == 2024
    assert exploitation_test(latest)["year"].max() == 2026  # GDP for every year since July 2026
    assert table["spearman_rho"].notna().all()
    with pytest.raises(InputError, match="after last year"):
        exploitation_test(latest, 2024, 2020)
    with pytest.raises(InputError, match="covers"):
        exploitation_test(latest, 2000, 2024)


def test_a_year_without_gdp_has_no_statistics_and_a_reason(before_july_2026: Alliance) -> None:
    row = exploitation_test(before_july_2026, 2025, 2025).iloc[0]
    assert np.isnan(row["spearman_rho"]) and "only 0 allies" in row["reason"]
