"""Model A: the Wales backtest reproduces 2024, and the Hague run's tables are coherent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import natolab
from natolab.sim.simulate import simulate


def actual_allies_at_2pct_2024() -> tuple[int, int]:
    """Allies at or above 2% in 2024 and allies with a figure, read from the bundled CSV itself
    (nato-2024-06), not through the model, so the backtest's ``actual`` is checked too."""
    files = Path(natolab.__file__).parent / "data" / "files"
    allies = set(pd.read_csv(files / "allies.csv")["iso3"])
    rows = pd.read_csv(files / "spending.csv").query(
        "release == 'nato-2024-06' and measure == 'pct_gdp' and year == 2024"
    )
    rows = rows[rows["iso3"].isin(allies)]
    return int((rows["value"] >= 2.0).sum()), len(rows)


def test_backtest_covers_the_actual_count(nato: Any, backtest: Any) -> None:
    """With the Wales deadline declared (2024, honoured uniform 0-1), the 90% band of the 2024
    count covers what happened. The median is not pinned: adherence is calibrated on the same
    2014-2024 moves the deadline pulled, so in sample the deadline leans the count high."""
    actual, of_allies = actual_allies_at_2pct_2024()
    result = simulate(nato, backtest, store=False, runs=20_000)
    bt = result["backtest"].iloc[0]
    assert (bt["actual"], bt["of_allies"]) == (actual, of_allies)
    assert bt["release"] == "nato-2024-06"
    assert bt["p05"] <= actual <= bt["p95"]
    assert 0.05 < bt["p_at_most_actual"] < 0.95
    dist = result["allies_meeting_distribution"]
    assert np.isclose(dist["probability"].sum(), 1.0)


def test_fit_is_reported(nato: Any, backtest: Any) -> None:
    result = simulate(nato, backtest, store=False, runs=512, block_runs=512)
    fit = result["fit"]
    assert len(fit) == 31 and fit["gdp_growth_sd_pct"].gt(0).all()
    pooled = result["fit_parameters"].set_index("parameter")["default"]
    assert 0 < pooled["calibrated_adherence_pooled_mean"] < 1
    assert pooled["calibrated_share_noise_sd_pp"] > 0


def test_hague_tables(nato: Any, hague: Any) -> None:
    result = simulate(nato, hague, store=False, runs=4096)
    meet = result["meet_probability"]
    assert set(meet["threshold_pct_gdp"]) == {2.0, 3.5}
    assert meet["year"].min() == 2026 and meet["year"].max() == 2035
    assert meet["probability"].between(0, 1).all()
    final = meet[(meet["year"] == 2035)].set_index(["iso3", "threshold_pct_gdp"])["probability"]
    assert (final.xs(2.0, level=1) >= final.xs(3.5, level=1)).all()
    totals = result["totals"]
    assert (totals["p05_usd_constant_m"] <= totals["p50_usd_constant_m"]).all()
    assert (totals["p50_usd_constant_m"] <= totals["p95_usd_constant_m"]).all()
    europe = totals[totals["series"] == "europe_and_canada"]["mean_usd_constant_m"].to_numpy()
    alliance = totals[totals["series"] == "alliance"]["mean_usd_constant_m"].to_numpy()
    assert (europe < alliance).all()
    assert result["gaps"]["mean_gap_usd_constant_m"].ge(0).all()


def test_plot_returns_a_figure(nato: Any, backtest: Any) -> None:
    import matplotlib

    matplotlib.use("Agg")
    result = simulate(nato, backtest, store=False, runs=512, block_runs=512)
    figure = result.plot()
    assert figure.axes and figure.axes[0].get_ylabel().startswith("defence spending")


def test_a_reform_of_the_hague_target_moves_the_simulated_allies(store: Any, hague: Any) -> None:
    """The Hague scenario aims at the dated parameter, so a 'core 4%' what-if changes the paths."""
    from natolab import Alliance, Reform

    reform = Reform("core 4%", {"hague_core_defence_share_of_gdp": 4.0})
    base = Alliance(on="2026-11-24", store=store)
    reformed = Alliance(on="2026-11-24", reforms=[reform], store=store)
    options = {"store": False, "runs": 2048, "block_runs": 1024}
    law = simulate(base, hague, **options)["meet_probability"]
    what_if = simulate(reformed, hague, **options)["meet_probability"]

    def mean_2035(table: Any) -> float:
        rows = table[(table["year"] == 2035) & (table["threshold_pct_gdp"] == 3.5)]
        return float(rows["probability"].mean())

    assert mean_2035(what_if) > mean_2035(law) + 0.02


def test_a_target_step_needs_exactly_one_target() -> None:
    from pydantic import ValidationError

    from natolab.sim.models.spending import TargetStep

    with pytest.raises(ValidationError, match="exactly one"):
        TargetStep.model_validate({"from": 2026, "pct_gdp": 3.5, "parameter": "x"})
    with pytest.raises(ValidationError, match="exactly one"):
        TargetStep.model_validate({"from": 2026})


def test_a_declared_threat_pulls_the_exposed_allies_harder(nato: Any, backtest: Any) -> None:
    """The 2022 invasion as a dated threat: allies near Moscow gain more than distant ones."""
    from natolab.sim.models.spending import exposure

    levers = dict(backtest.levers) | {"release": None, "backtest": None}
    levers["calibration"] = {"start": 2014, "end": 2019, "release": "nato-2019-06"}
    levers["gdp_fit"] = {"start": 2012, "end": 2019, "release": "nato-2019-06"}
    plain = backtest.model_copy(update={"levers": levers, "uncertainties": []})
    threat = {"event": "russia_full_scale_invasion", "pull": 0.0, "pull_per_exposure": 0.8}
    threatened = plain.model_copy(update={"levers": levers | {"threats": [threat]}})
    options = {"store": False, "runs": 2048, "block_runs": 1024}
    before = simulate(nato, plain, **options)["gaps"]
    after = simulate(nato, threatened, **options)["gaps"]
    share = {
        name: frame[frame["year"] == 2024].set_index("iso3")["mean_pct_gdp"]
        for name, frame in (("before", before), ("after", after))
    }
    gain = share["after"] - share["before"]
    # before 2022 the threat changes nothing (same draws, same paths)
    early = after[after["year"] == 2021]["mean_pct_gdp"].to_numpy()
    assert np.array_equal(early, before[before["year"] == 2021]["mean_pct_gdp"].to_numpy())
    x = exposure(list(gain.index))
    near, far = gain[x > 0.5].mean(), gain[x < 0.1].mean()
    assert near > far + 0.05 and far >= 0.0


def test_a_threat_must_name_a_recorded_event(nato: Any, backtest: Any) -> None:
    from natolab.errors import NatolabError

    threat = {"event": "no_such_event", "pull": 0.1, "pull_per_exposure": 0.0}
    levers = dict(backtest.levers) | {"threats": [threat]}
    with pytest.raises(NatolabError, match="no_such_event"):
        simulate(nato, backtest.model_copy(update={"levers": levers}), store=False, runs=256)


def test_europe_totals_are_the_europe_and_canada_group(nato: Any, hague: Any) -> None:
    """The Europe series is the data layer's "Europe and Canada": every ally but the US."""
    from natolab.sim.models.spending import SpendingModel

    prepared = SpendingModel().prepare(hague, nato)
    europe = {iso for iso, inside in zip(prepared.iso3, prepared.europe, strict=True) if inside}
    assert "CAN" in europe and "USA" not in europe
    assert len(europe) == len(prepared.iso3) - 1


def test_share_noise_splits_yearly_noise_from_a_persistent_drift() -> None:
    """Allies above the aim (no pull): each moves by its own constant drift plus yearly noise."""
    import pandas as pd

    from natolab.sim.models.spending import _share_noise

    rng = np.random.default_rng(7)
    allies, years, noise_sd, drift_sd = 400, 8, 0.1, 0.05
    drift = rng.normal(0, drift_sd, (allies, 1))
    steps = drift + rng.normal(0, noise_sd, (allies, years - 1))
    shares = pd.DataFrame(3.0 + np.concatenate([np.zeros((allies, 1)), steps.cumsum(1)], 1))
    noise, estimated_drift = _share_noise(shares, np.full(allies, np.nan), 0.1, 2.0)
    assert noise == pytest.approx(noise_sd, rel=0.06)
    assert estimated_drift == pytest.approx(drift_sd, rel=0.2)
    # without the drift, the noise is all there is
    steady = shares - drift * np.arange(years)[None, :]
    _, no_drift = _share_noise(steady, np.full(allies, np.nan), 0.1, 2.0)
    assert no_drift < 0.02
