"""Scenario files: bundled ones load; a bad one is refused with every problem and its path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from natolab.errors import InputError, NatolabError
from natolab.sim.models import get_model
from natolab.sim.scenario import ScenarioError, load_scenario, parse_scenario

BAD = """
name: bad
family: spending
horizon: {start: 2025, end: 2020}
runs: 0
uncertainties:
  - {name: adherence_scale, distribution: uniform, bounds: {lower: 0.5, upper: 1.5},
     rationale: r, source: s}
  - {name: adherence_scale, distribution: normal, params: {mean: 1.0}, rationale: r, source: s}
  - {name: aim_margin_pp, distribution: uniform, bounds: {lower: 2.0, upper: 1.0},
     rationale: r, source: s}
  - {name: x, distribution: gamma, rationale: "", source: s}
"""


def problems(text: str) -> dict[str, str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_load(text), "bad.yaml")
    assert isinstance(info.value, NatolabError) and isinstance(info.value, InputError)
    return dict(info.value.problems)


def test_every_problem_is_listed_with_its_path() -> None:
    found = problems(BAD)
    assert found["uncertainties[2].bounds"] == "upper < lower"
    assert "normal needs params sd" in found["uncertainties[1]"]
    assert "horizon" in found and "end < start" in found["horizon"]
    assert "runs" in found
    assert "uncertainties[3].distribution" in found
    assert "uncertainties[3].rationale" in found


def test_duplicate_names_and_unknown_keys() -> None:
    text = """
name: dupes
family: spending
horizon: {start: 2025, end: 2030}
colour: red
uncertainties:
  - {name: a, distribution: uniform, bounds: {lower: 0, upper: 1}, rationale: r, source: s}
  - {name: a, distribution: uniform, bounds: {lower: 0, upper: 1}, rationale: r, source: s}
"""
    found = problems(text)
    assert found["uncertainties"] == "duplicate names: a"
    assert found["colour"] == "Extra inputs are not permitted"


def test_error_message_names_file_and_paths() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_load(BAD), "bad.yaml")
    assert str(info.value).startswith("bad.yaml:")
    assert "uncertainties[2].bounds: upper < lower" in str(info.value)


def test_model_checks_levers_and_parameter_names(nato: Any) -> None:
    data = yaml.safe_load(Path(load_scenario_path("wales-backtest-2014")).read_text())
    data["uncertainties"][0]["name"] = "no_such_parameter"
    data["levers"]["targets"][0]["share_of_gdp"] = -1
    data["levers"]["parameters"]["bogus"] = 1.0
    scenario = parse_scenario(data)
    with pytest.raises(ScenarioError) as info:
        get_model("spending").prepare(scenario, nato)
    found = dict(info.value.problems)
    assert "uncertainties[0].name" in found
    assert "levers.targets[0].share_of_gdp" in found
    assert "levers.parameters.bogus" in found


def load_scenario_path(name: str) -> str:
    from natolab.sim.scenario import resolve_path

    return str(resolve_path(name))


@pytest.mark.parametrize("name", ["hague-2035", "wales-backtest-2014"])
def test_bundled_scenarios_load(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.family == "spending"
    assert all(u.rationale and u.source for u in scenario.uncertainties)
    for u in scenario.uncertainties:
        lo, hi = u.support()
        values = u.ppf(np.linspace(0, 1, 101))
        assert np.all(np.isfinite(values)) and np.all(np.diff(values) >= 0)
        assert lo <= values.min() and values.max() <= hi


def test_hague_declares_twelve_parameters(hague: Any) -> None:
    assert len(hague.uncertainties) == 12


def test_unknown_family_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no model for scenario family"):
        get_model("nope")


def test_unknown_file() -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario("does-not-exist.yaml")
