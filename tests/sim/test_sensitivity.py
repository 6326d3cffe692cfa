"""Sensitivity (Sobol with CIs, Morris) and PRIM discovery over declared uncertainties."""

from __future__ import annotations

from typing import Any

import numpy as np

from natolab.sim.discovery import discover
from natolab.sim.sensitivity import morris, sobol


def test_sobol_indices_with_confidence_intervals(nato: Any, hague: Any) -> None:
    result = sobol(nato, hague, n=128, reps=2)
    frame = result.indices
    assert frame["parameter"].tolist() == [u.name for u in hague.uncertainties]
    assert result.evaluations == 128 * (13 + 2)  # Saltelli: N x (13 declared + 2)
    for column in ("S1", "S1_conf", "ST", "ST_conf"):
        assert np.isfinite(frame[column]).all()
    assert (frame["S1_conf"] > 0).all() and (frame["ST_conf"] > 0).all()
    top = frame.sort_values("ST", ascending=False)["parameter"].iloc[:3].tolist()
    assert "adherence_scale" in top or "aim_margin_pp" in top


def test_morris(nato: Any, backtest: Any) -> None:
    result = morris(nato, backtest, n=8, reps=2)
    declared = {"adherence_scale", "share_noise_sd_pp", "deadline_honour"}
    assert set(result.indices["parameter"]) == declared
    assert (result.indices["mu_star"] >= 0).all()
    scale = result.indices.set_index("parameter")["mu_star"]
    assert scale["adherence_scale"] > 0


def test_prim_finds_a_box(nato: Any, hague: Any) -> None:
    result = discover(nato, hague, n=600, reps=2)
    assert 0 < result.cases_of_interest < result.cases
    assert result.density >= 0.5 and 0 < result.coverage <= 1
    assert set(result.limits["parameter"]) <= {u.name for u in hague.uncertainties}
    assert len(result.limits) >= 1
