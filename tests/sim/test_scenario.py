"""Scenario files: bundled ones load; a bad one is refused with every problem and its path."""

from __future__ import annotations

import time
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
    data["levers"]["targets"][0]["pct_gdp"] = -1
    data["levers"]["parameters"]["bogus"] = 1.0
    data["levers"]["parameters"]["ally_weight"] = 2.0
    found = problems(yaml.safe_dump(data))  # levers: refused when the file is loaded
    assert "levers.targets[0].pct_gdp" in found
    assert "levers.parameters.bogus" in found  # the parameters' schema declares every name
    assert "levers.parameters.ally_weight" in found  # ... and its range
    data = yaml.safe_load(Path(load_scenario_path("wales-backtest-2014")).read_text())
    data["uncertainties"][0]["name"] = "no_such_parameter"
    scenario = parse_scenario(data)
    with pytest.raises(ScenarioError) as info:  # parameter names: by the model that knows them
        get_model("spending").prepare(scenario, nato)
    found = dict(info.value.problems)
    assert "uncertainties[0].name" in found


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


def test_outputs_is_not_a_scenario_key() -> None:
    """A run returns every table its model makes; a file that lists ``outputs`` (a key natolab
    once accepted and ignored) is told so with the path, rather than believing it took effect."""
    text = """
name: old
family: spending
horizon: {start: 2025, end: 2030}
outputs: [meet_probability]
"""
    assert problems(text) == {"outputs": "Extra inputs are not permitted"}


def test_unknown_family_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no model for scenario family"):
        get_model("nope")


def test_unknown_file() -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario("does-not-exist.yaml")


# --- hostile files (issue 15): limits, encodings, strict levers ----------------------------

CRISIS = """
name: c
family: crisis
horizon: {start: 2026, end: 2026}
levers:
  event: {attacked: EST}
  severity: 0.8
"""


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "s.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_misspelled_and_out_of_range_levers_are_refused() -> None:
    found = problems(CRISIS.replace("severity: 0.8", "severty: 0.9\n  severity: -5"))
    assert found["levers.severty"] == "Extra inputs are not permitted"
    assert "greater than or equal to 0" in found["levers.severity"]
    found = problems(CRISIS.replace("event: {attacked: EST}", "event: null\n  cases: [a]"))
    assert "levers.event" in found and "levers.cases" in found
    found = problems(CRISIS + "  cases: {x: {us_stance: hostile}}\n  days: [0]\n")
    assert "levers.cases.x.us_stance" in found
    assert "greater than or equal to 1" in found["levers.days[0]"]
    parse_scenario(yaml.safe_load(CRISIS))  # the unmutated file is fine


def test_withdrawal_levers_are_strict() -> None:
    text = CRISIS.replace("family: crisis", "family: withdrawal").replace(
        "  event: {attacked: EST}\n  severity: 0.8", "  senators_present: 120\n  notice: soon"
    )
    found = problems(text)
    assert "levers.senators_present" in found and "levers.notice" in found


def test_seeds_and_numbers_stay_within_range() -> None:
    found = problems(CRISIS + f"seed: {2**64}\n")
    assert "less than or equal to 9223372036854775807" in found["seed"]
    found = problems(CRISIS.replace("end: 2026", "end: 2200"))
    assert "horizon.end" in found
    nan = CRISIS + (
        "uncertainties:\n  - {name: u, distribution: normal, params: {mean: .nan, sd: 1},"
        " rationale: r, source: s}\n"
    )
    assert "finite number" in problems(nan)["uncertainties[0].params.mean"]


def test_a_file_that_is_not_utf8_is_refused_with_the_byte(tmp_path: Path) -> None:
    latin1 = CRISIS.replace("name: c", "name: défense").encode("latin-1")
    with pytest.raises(ScenarioError, match=r"not UTF-8: byte 8 is 0xe9"):
        load_scenario(write(tmp_path, latin1))


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = CRISIS + "  bomb:\n" + "\n".join("    " + line for line in bomb) + "\n"
    assert len(text) < 1500
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match="more than 100,000 values once YAML aliases"):
        load_scenario(write(tmp_path, text))
    assert time.perf_counter() - start < 1.0


def test_deep_nesting_and_big_files_are_refused(tmp_path: Path) -> None:
    deep = CRISIS + "  x: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(ScenarioError, match="nested more than 20 levels deep"):
        load_scenario(write(tmp_path, deep))
    big = CRISIS + "description: '" + "x" * 1_100_000 + "'\n"
    with pytest.raises(ScenarioError, match="over the limit of 1,000,000 for a scenario"):
        load_scenario(write(tmp_path, big))


def test_impossible_yaml_values_are_scenario_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(write(tmp_path, CRISIS + "  when: 2027-13-45\n"))
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(write(tmp_path, CRISIS + "  ? [a, b]\n  : 1\n"))


@pytest.mark.parametrize("name", ["baltic-article5", "hormuz-request", "us-withdrawal-2027"])
def test_bundled_crisis_and_withdrawal_scenarios_pass_the_strict_levers(name: str) -> None:
    assert load_scenario(name).levers
