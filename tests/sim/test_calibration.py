"""The participation model: MLE recovers known coefficients; validation is leave-one-operation-out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.special import expit

import natolab
from natolab.data.facts.operations import load_extension, outcomes
from natolab.errors import FactsError
from natolab.sim import calibration
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


def test_forces_and_access_are_separate_labels() -> None:
    """Access-only support is no force contribution; forces-only rows leave access unknown."""
    rows = outcomes().set_index(["operation_id", "iso3"])
    # Germany in 2003: no forces, but bases and airspace (participated=true in the CSV)
    assert rows.loc[("IRAQ_2003", "DEU"), "forces"] == 0.0
    assert rows.loc[("IRAQ_2003", "DEU"), "access"] == 1.0
    # the 9/11 access package: access for all, no forces
    art5 = rows.loc["ART5_2001_ACCESS"]
    assert (art5["access"] == 1.0).all() and (art5["forces"] == 0.0).all()
    # Spain refused its bases in 2026: access no
    assert rows.loc[("EPIC_FURY_2026", "ESP"), "access"] == 0.0
    # ISAF asks no access question: not a "no", not scored
    assert rows.loc["ISAF", "access"].isna().all() and not rows.loc["ISAF", "access_asked"].any()


def test_supplement_decisions_override_and_add_their_sources() -> None:
    """France opposed the 2003 war (participated=false) but let US aircraft overfly it."""
    rows = outcomes().set_index(["operation_id", "iso3"])
    fra = rows.loc[("IRAQ_2003", "FRA")]
    assert fra["participated"] is False or not fra["participated"]
    assert fra["forces"] == 0.0 and fra["access"] == 1.0
    decision = next(d for d in load_extension().decisions if d.id == "iraq_2003_fra_access")
    assert len(decision.sources) >= 2
    assert set(decision.source_ids) <= set(fra["source_ids"])


def test_extension_rejects_a_single_source_and_an_unknown_operation() -> None:
    one = """decisions:
  - id: x
    operation_id: IRAQ_2003
    iso3: ITA
    outcome: access
    value: true
    date: 2003-03-19
    summary: s
    sources: [http://www.cnn.com/2003/WORLD/meast/03/19/sprj.irq.italy.berlusconi/index.html]
    confidence: high
"""
    with pytest.raises(FactsError, match="decisions"):
        load_extension(one)
    unknown = one.replace("IRAQ_2003", "NOPE_1900").replace(
        "sources: [",
        "sources: [https://www.voanews.com/a/a-13-a-2003-03-27-46-deployment-66846897/258639.html, ",
    )
    with pytest.raises(FactsError, match="not in operations.csv"):
        load_extension(unknown)


def test_calibration_fits_both_outcomes_on_the_operations_data(built_store_file: Path) -> None:
    nato = natolab.Alliance(on="2026-11-24", store=Store(built_store_file))
    cal = calibration.calibrate(nato)
    rows = outcomes()
    for outcome in ("forces", "access"):
        fit = cal.fits[outcome]
        assert fit.fit.n == rows[outcome].notna().sum()
        assert set(fit.operations) == set(rows.loc[rows[outcome].notna(), "operation_id"])
        assert fit.tau > 0
        assert set(fit.coef) == set(calibration.FEATURES)
    # size matters for forces: larger allies committed forces more often
    assert cal.fits["forces"].coef["log_size"] > 0
