"""The what-ifs users run are the forecaster the model card validates: each spending scenario
declares its commitment's deadline (the dated parameter, read here from the Alliance) and the
degree allies honour it, from the one declaration the validation backtests read too."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from natolab import Alliance
from natolab.sim.scenario import load_scenario, resolve_path
from natolab.sim.simulate import simulate
from natolab.sim.validation import spending as sp
from natolab.store import Store

#: scenario, the dated parameter holding its commitment's deadline, the commitment's date
DEADLINES = [
    ("wales-backtest-2014", "defence_guideline_deadline_year", date(2014, 9, 5)),
    ("hague-2035", "hague_deadline_year", date(2025, 6, 25)),
]


@pytest.mark.parametrize(("name", "parameter", "on"), DEADLINES)
def test_each_scenario_declares_its_commitments_deadline(
    built_store_file: Path, name: str, parameter: str, on: date
) -> None:
    found = Alliance(on=on.isoformat(), store=Store(built_store_file)).parameters.get(parameter)
    assert found.in_force
    steps = load_scenario(name).levers["targets"]
    assert [step.get("deadline") for step in steps] == [int(found.value)]


@pytest.mark.parametrize("name", ["wales-backtest-2014", "hague-2035"])
def test_each_scenario_draws_the_honour_the_validation_draws(name: str) -> None:
    declared = load_scenario(name).uncertainty("deadline_honour")
    home = sp.declared_honour()
    assert declared is not None
    assert (declared.distribution, declared.bounds, declared.params) == (
        home.distribution,
        home.bounds,
        home.params,
    )
    assert declared.source.startswith("judgement")
    assert sp.DEADLINE_HONOUR == (0.0, 1.0)  # from ignoring the deadline to keeping it in full


def test_the_validation_reads_the_honour_from_its_declaration(
    built_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change the one declaration and the backtests' draws follow it: no second copy."""
    data = yaml.safe_load(resolve_path(sp.HONOUR_SCENARIO).read_text())
    honour = next(u for u in data["uncertainties"] if u["name"] == "deadline_honour")
    honour["bounds"] = {"lower": 0.2, "upper": 0.4}
    narrowed = tmp_path / "narrowed.yaml"
    narrowed.write_text(yaml.safe_dump(data))
    monkeypatch.setattr(sp, "HONOUR_SCENARIO", str(narrowed))
    v = sp.vintage(Store(built_store_file), 2014)
    drawn, _, _ = sp.deadline_draws(v, 2000, 1, deadline=True)
    assert drawn.min() >= 0.2 and drawn.max() <= 0.4
    assert drawn.mean() == pytest.approx(0.3, abs=0.01)


def test_the_hague_deadline_raises_the_allies_at_3_5_by_2035(nato: Any, hague: Any) -> None:
    """A deadline only adds a pull toward the aim, so with it declared more allies reach 3.5%
    by 2035 than with it ignored (honour fixed at 0), the rest of the scenario unchanged."""
    options = {"store": False, "runs": 4096, "block_runs": 1024}
    ignored = hague.model_copy(
        update={
            "uncertainties": [u for u in hague.uncertainties if u.name != "deadline_honour"],
            "levers": hague.levers | {"parameters": {"deadline_honour": 0.0}},
        }
    )

    def at_3_5_in_2035(scenario: Any) -> np.ndarray:
        table = simulate(nato, scenario, **options)["meet_probability"]
        rows = table[(table["year"] == 2035) & (table["threshold_pct_gdp"] == 3.5)]
        return rows.sort_values("iso3")["probability"].to_numpy()

    declared, without = at_3_5_in_2035(hague), at_3_5_in_2035(ignored)
    assert declared.sum() > without.sum() + 1.0  # more than one ally more, on average
    assert (declared > without - 0.02).all()  # no ally less likely, up to Monte Carlo error
