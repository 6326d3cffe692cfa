"""Model A: a commitment's deadline pulls harder as it nears, and estimation uncertainty is drawn.

Behaviour, not scores: the pace a deadline asks for, how the kernel applies it (zero above the
aim, zero with no honour, a known factor on the gap), the commitment in force at an origin, and
the per-run draws of the pooled adherence and of the honour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from natolab.sim.models.spending import PARAMETERS, TargetStep, deadline_pace
from natolab.sim.models.spending_kernels import simulate_paths
from natolab.sim.simulate import simulate
from natolab.sim.validation import spending as sp
from natolab.store import Store

YEARS = np.arange(2015, 2027)


def test_the_pace_rises_to_the_whole_gap_at_the_deadline_and_stays_there() -> None:
    pace = deadline_pace(np.full(len(YEARS), 2024), YEARS)
    # 2015: ten years to go (2015..2024) -> a tenth of the gap; 2023: half; 2024 on: all of it
    assert pace[0] == pytest.approx(0.1)
    assert pace[list(YEARS).index(2023)] == pytest.approx(0.5)
    assert pace[YEARS >= 2024].tolist() == [1.0, 1.0, 1.0]
    assert np.all(np.diff(pace) >= 0)
    assert not deadline_pace(np.zeros(len(YEARS), dtype=int), YEARS).any()


def _paths(
    honour: float, pace: np.ndarray, s0: list[float], past: np.ndarray | None = None
) -> np.ndarray:
    """Noise-free share paths of allies starting at ``s0`` (aim 2.0, no margin, no GDP shocks)."""
    allies = len(s0)
    params = np.zeros((4, len(PARAMETERS)))
    names = {
        "adherence_scale": 1.0,
        "adherence_concentration": 50.0,
        "ally_weight": 0.5,
        "deadline_honour": honour,
    }
    for name, value in names.items():
        params[:, PARAMETERS.index(name)] = value
    state = np.vstack([s0, np.ones(allies), np.zeros(allies), np.zeros(allies), np.zeros(allies)])
    out = np.empty((4, len(YEARS), allies))
    rate = np.full(allies, 0.1)
    dated = np.zeros((len(YEARS), allies))
    aims = np.full(len(YEARS), 2.0)
    past = np.zeros(0) if past is None else past
    simulate_paths(np.random.default_rng(7), state, rate, aims, params, dated, pace, past, out)
    return out


def test_the_deadline_shrinks_the_gap_by_the_honoured_pace_and_not_above_the_aim() -> None:
    pace = deadline_pace(np.full(len(YEARS), 2024), YEARS)
    s0 = [1.2, 1.5, 2.4]  # two allies below the aim, one above it
    without = _paths(0.6, np.zeros(len(YEARS)), s0)
    honoured = _paths(0.6, pace, s0)
    gap_without, gap_with = 2.0 - without[:, :, :2], 2.0 - honoured[:, :, :2]
    # same adherence draws: the deadline multiplies the gap by (1 - honour x pace) each year
    expected = np.cumprod(1 - 0.6 * pace)[None, :, None]
    assert gap_with[:, :9] == pytest.approx(gap_without[:, :9] * expected[:, :9], rel=1e-9)
    # ... so the yearly factor falls (the pull grows) as the deadline nears
    factor = gap_with[0, 1:9, 0] / gap_with[0, :8, 0]
    assert np.all(np.diff(factor) < 0)
    # an ally at or above the aim feels no pull at all
    assert np.array_equal(honoured[:, :, 2], without[:, :, 2])
    assert np.allclose(honoured[:, :, 2], 2.4)


def test_no_honour_means_no_deadline_bit_for_bit() -> None:
    pace = deadline_pace(np.full(len(YEARS), 2024), YEARS)
    s0 = [1.2, 1.5, 1.9]
    assert np.array_equal(_paths(0.0, pace, s0), _paths(0.0, np.zeros(len(YEARS)), s0))


def test_a_scenario_declares_the_deadline_and_its_honour(nato: Any, backtest: Any) -> None:
    """``deadline`` on a target step and ``deadline_honour`` in the parameters reach the runs."""
    step = TargetStep.model_validate({"from": 2015, "pct_gdp": 2.0, "deadline": 2024})
    assert step.deadline == 2024
    levers = dict(backtest.levers) | {"backtest": None}
    levers["targets"] = [{"from": 2015, "pct_gdp": 2.0, "deadline": 2024}]
    options = {"store": False, "runs": 1024, "block_runs": 512}

    def meeting_2024(honour: float) -> float:
        params = dict(levers.get("parameters", {})) | {"deadline_honour": honour}
        scenario = backtest.model_copy(
            update={"levers": levers | {"parameters": params}, "uncertainties": []}
        )
        table = simulate(nato, scenario, **options)["meet_probability"]
        return float(table[table["year"] == 2024]["probability"].sum())

    undated = [{"from": 2015, "pct_gdp": 2.0}]  # the scenario's step, without its deadline
    plain = backtest.model_copy(
        update={"levers": levers | {"targets": undated}, "uncertainties": []}
    )
    base = simulate(nato, plain, **options)["meet_probability"]
    assert meeting_2024(0.0) == pytest.approx(
        float(base[base["year"] == 2024]["probability"].sum())
    )
    assert meeting_2024(1.0) > meeting_2024(0.5) > meeting_2024(0.0)


def test_the_deadline_in_force_is_the_one_made_by_the_origin(built_store_file: Path) -> None:
    from natolab.alliance import Alliance

    store = Store(built_store_file)
    for origin in (2014, 2017, 2022):  # Wales (5 September 2014): 2% within a decade
        assert sp.vintage(store, origin).deadline == (
            2024,
            "defence_guideline_deadline_year since 2014-09-05",
        )
    # before Wales no deadline; from Vilnius (July 2023) 2% is a floor with none
    assert sp.deadline_in_force(Alliance(on="2014-09-04", store=store)) is None
    assert sp.deadline_in_force(Alliance(on="2023-12-31", store=store)) is None


def test_the_backtest_draws_honour_and_pooled_adherence_per_run(built_store_file: Path) -> None:
    store = Store(built_store_file)
    v = sp.vintage(store, 2019)
    honour, pace, note = sp.deadline_draws(v, 4000, 1, deadline=True)
    lo, hi = sp.DEADLINE_HONOUR
    assert honour.min() >= lo and honour.max() <= hi
    assert honour.mean() == pytest.approx((lo + hi) / 2, abs=0.02)
    assert pace[-1] == 1.0 and "2024" in note
    off, no_pace, _ = sp.deadline_draws(v, 10, 1, deadline=False)
    assert not off.any() and not no_pace.any()
    # the pooled adherence fitted on 28 allies is uncertain: its bootstrap spreads the runs
    scale, note = sp.adherence_scale_draws(v, sp.origin_fit(v), 2000, 1)
    assert np.quantile(scale, 0.95) - np.quantile(scale, 0.05) > 0.2
    assert np.median(scale) == pytest.approx(1.0, abs=0.15)


def test_the_deadline_raises_the_paired_paths_on_average(built_store_file: Path) -> None:
    """With and without the deadline the runs share every other draw. The deadline's adherence
    is netted of the pull over 2015-2017 (so a run can close less early on), but its pace to
    2024 outgrows that: by the last year the paths are higher on average."""
    v = sp.vintage(Store(built_store_file), 2017)
    without, _ = sp._model_paths(v, 300, 5, threat=True, deadline=False)
    honoured, _ = sp._model_paths(v, 300, 5, threat=True, deadline=True)
    assert not np.array_equal(honoured, without)
    assert (honoured[:, -1] - without[:, -1]).mean() > 0.05
