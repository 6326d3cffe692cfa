"""The participation model: MLE recovers known coefficients; validation is leave-one-operation-out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

import natolab
from natolab.sim import calibration
from natolab.sim.models.crisis import size_feature
from natolab.store import Store


def test_fit_recovers_known_coefficients_from_synthetic_data() -> None:
    rng = np.random.default_rng(42)
    n, truth = 20_000, np.array([0.5, 1.2, -0.8, 0.3])
    x = np.column_stack([np.ones(n), rng.normal(size=(n, 3))])
    y = (rng.random(n) < expit(x @ truth)).astype(float)
    fit = calibration.fit_logit(x, y, ridge=0.0)
    assert np.all(np.abs(fit.coef - truth) < 4 * fit.se)
    assert np.all(np.abs(fit.coef - truth) < 0.1)


def test_auc_known_values() -> None:
    y = np.array([0, 0, 1, 1])
    assert calibration.auc(y, np.array([0.1, 0.2, 0.8, 0.9])) == 1.0
    assert calibration.auc(y, np.array([0.9, 0.8, 0.2, 0.1])) == 0.0
    assert calibration.auc(y, np.full(4, 0.5)) == 0.5


def test_alignment_never_uses_the_rows_own_operation() -> None:
    rows = calibration.observations()
    x = calibration.design(rows, rows, pd.Series({"USA": 1.0}))
    col = calibration.FEATURES.index("alignment")
    mean = rows["y"].mean()
    row = rows.index[(rows["operation_id"] == "OUP_2011") & (rows["iso3"] == "DEU")][0]
    others = rows[(rows["operation_id"] != "OUP_2011") & (rows["iso3"] == "DEU")]["y"].mean()
    assert x[row, col] == pytest.approx(others - mean)


def test_leave_one_operation_out_on_the_operations_data(built_store_file: Path) -> None:
    nato = natolab.Alliance(on="2026-11-24", store=Store(built_store_file))
    cal = calibration.calibrate(size_feature(nato))
    v = calibration.leave_one_operation_out(size_feature(nato))
    assert set(v.by_operation["operation_id"]) == set(calibration.observations()["operation_id"])
    y = calibration.observations()["y"]
    assert v.base_rate_accuracy == pytest.approx(max(y.mean(), 1 - y.mean()))
    weighted = (v.by_operation["accuracy"] * v.by_operation["n"]).sum() / len(y)
    assert v.accuracy == pytest.approx(weighted)  # pooled = each held-out operation, weighted
    assert v.by_operation["n"].sum() == len(calibration.observations())
    assert cal.fit.n == len(calibration.observations())
    # size matters: larger allies took part more often (the best-identified coefficient)
    size = cal.fit.table().set_index("feature").loc["log_capacity"]
    assert size["coef"] > 0
