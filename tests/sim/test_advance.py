"""The Baltic question: the ground-advance model, RAND 2016's reproduction and bad scenario inputs.

Expected values are worked by hand from the rules in docs/capability.md (distance over speed) or
read from the bundled YAML (the supplement's figures, the scenario's bounds), never produced by
the model under test. The reproduction tolerance is the one stated and defended in
docs/capability.md ("The Baltic question: RAND 2016").
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import natolab
from natolab.cli.sim import app
from natolab.data.bundle import bundle_path
from natolab.data.facts.baltic_forces import load_baltic_forces
from natolab.errors import FactsError
from natolab.sim.models.advance import AdvanceModel
from natolab.sim.scenario import ScenarioError, parse_scenario, resolve_path
from natolab.sim.sensitivity import morris
from natolab.store import Store

BASE = {
    "red_battalions": 20.0,
    "red_share_tallinn": 0.5,
    "red_share_riga": 0.5,
    "distance_tallinn_km": 210.0,
    "distance_riga_km": 270.0,
    "power_light_infantry": 0.4,
    "power_airborne": 0.5,
    "road_kmh": 6.0,
    "contested_kmh": 2.0,
    "attack_ratio": 3.0,
    "attrition_per_hour": 0.0,
    "defender_advantage": 2.0,
    "air_attrition_per_hour": 0.0,
    "blue_tallinn_light_infantry": 3.0,
    "blue_riga_light_infantry": 3.0,
}


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(resolve_path("rand-baltic-2016").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def supplement() -> dict[str, Any]:
    text = bundle_path("supplements", "baltic_forces.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def prepared(nato: Any, raw: dict[str, Any], **levers: Any) -> Any:
    data = copy.deepcopy(raw)
    data["levers"].update(levers)
    return AdvanceModel().prepare(parse_scenario(data, "test"), nato)


def run(prep: Any, **values: float) -> dict[str, np.ndarray]:
    draws = {k: np.full(3, float(v)) for k, v in (BASE | values).items()}
    return AdvanceModel().run_chunk(prep, draws, np.random.default_rng(0), 3)


def test_supplement_cites_two_pages_per_figure(supplement: dict[str, Any]) -> None:
    record = load_baltic_forces()
    study = record.study("rand_baltics_2016")
    assert study.figure("hours_to_capital_max").value == 60
    assert study.figure("hours_to_capital_min").value == 36
    assert study.figure("sufficient_brigades").value == 7
    assert study.figure("sufficient_heavy_brigades").value == 3
    for figure in study.figures:
        assert len(figure.source_ids) >= 2, figure.id
    for item in (*record.forces, *record.distances):
        assert len(item.source_ids) >= 2 or item.single_source, item.id
    assert record.distance("narva_tallinn").low == supplement["distances"][0]["low"]
    assert record.unit_ids == [u["id"] for u in supplement["unit_types"]]


def test_supplement_refuses_a_central_value_outside_its_range(supplement: dict[str, Any]) -> None:
    bad = copy.deepcopy(supplement)
    bad["distances"][0]["central"] = 999
    with pytest.raises(FactsError, match="distances.narva_tallinn"):
        load_baltic_forces(yaml.safe_dump(bad))


def test_unopposed_advance_is_distance_over_road_speed(raw: dict[str, Any], nato: Any) -> None:
    prep = prepared(nato, raw, blue={"tallinn": {}, "riga": {}})
    out = run(prep, blue_tallinn_light_infantry=0, blue_riga_light_infantry=0)
    assert out["hours_tallinn"] == pytest.approx(210 / 6)
    assert out["hours_riga"] == pytest.approx(270 / 6)
    assert out["hours_first"] == pytest.approx(35.0)


def test_an_outnumbered_defence_without_losses_slows_to_the_contested_speed(
    raw: dict[str, Any], nato: Any
) -> None:
    # red 10 against blue 3 x 0.4 + 0.25 x 0.5 = 1.325: above 3:1, no attrition, so it never ends
    out = run(prepared(nato, raw))
    assert out["hours_tallinn"] == pytest.approx(210 / 2)
    assert out["hours_riga"] == pytest.approx(270 / 2)


def test_below_the_attack_ratio_the_advance_stalls(raw: dict[str, Any], nato: Any) -> None:
    # blue 10 x 0.4 + 0.125 = 4.125 against red 10: 2.4 to 1, under 3 to 1
    prep = prepared(nato, raw)
    out = run(prep, blue_tallinn_light_infantry=10, blue_riga_light_infantry=10)
    horizon = raw["levers"]["horizon_hours"]
    assert (out["hours_first"] > horizon).all()


def test_attrition_air_power_and_defenders_delay_the_advance(
    raw: dict[str, Any], nato: Any
) -> None:
    prep = prepared(nato, raw)
    fight = run(prep, attrition_per_hour=0.01)["hours_tallinn"][0]
    # the defence is destroyed on the way, then the road speed: between the two pure cases
    assert 210 / 6 < fight < 210 / 2
    stronger = run(prep, attrition_per_hour=0.01, blue_tallinn_light_infantry=5)["hours_tallinn"]
    assert stronger[0] > fight
    with_air = run(prep, attrition_per_hour=0.01, air_attrition_per_hour=0.01)["hours_tallinn"]
    assert with_air[0] > fight


def test_reinforcements_arrive_at_their_hour(raw: dict[str, Any], nato: Any) -> None:
    """A strong arrival stops the advance only if it comes before the attacker does."""
    empty = {"tallinn": {}, "riga": {}}
    early = [{"axis": "tallinn", "unit": "airborne", "battalions": 40, "hour": 10}]
    late = [{"axis": "tallinn", "unit": "airborne", "battalions": 40, "hour": 50}]
    data = copy.deepcopy(raw)
    data["uncertainties"].append(
        {
            "name": "arrival_slip",
            "distribution": "uniform",
            "bounds": {"lower": 0.5, "upper": 2},
            "rationale": "test",
            "source": "test",
        }
    )
    for arrivals, reached in ((early, False), (late, True)):
        data["levers"].update(blue=empty, arrivals=arrivals)
        prep = AdvanceModel().prepare(parse_scenario(data, "test"), nato)
        out = run(prep, arrival_slip=1, blue_tallinn_light_infantry=0, blue_riga_light_infantry=0)
        assert bool(out["hours_tallinn"][0] == pytest.approx(35.0)) is reached
        assert out["hours_riga"][0] == pytest.approx(45.0)


def test_rand_2016_reproduction(raw: dict[str, Any], nato: Any, supplement: dict[str, Any]) -> None:
    """docs/capability.md: the median inside RAND's 36-60 hours and at least 80% of the runs at
    a capital within 60 hours (RAND: no game lasted longer)."""
    result = nato.simulate("rand-baltic-2016", runs=20_000, store=False)
    figures = {f["id"]: f["value"] for f in supplement["studies"][0]["figures"]}
    low, high = figures["hours_to_capital_min"], figures["hours_to_capital_max"]
    row = result["reproduction"].set_index("output").loc["hours_first"]
    assert (row["published_low"], row["published_high"]) == (low, high)
    assert low <= row["natolab_p50"] <= high
    hours = result["hours"].set_index("output")
    assert hours.loc["hours_first", "p_within_60h"] >= 0.8
    assert hours.loc["hours_tallinn", "p50"] < hours.loc["hours_riga", "p50"]  # nearer
    arrival = result["arrival"]
    curve = arrival[arrival["output"] == "hours_first"]["p_arrived"].to_numpy()
    assert (np.diff(curve) >= 0).all() and curve[-1] == pytest.approx(1.0)


def test_seven_brigades_prevent_the_rapid_overrun(nato: Any) -> None:
    result = nato.simulate("rand-baltic-sufficient", runs=5_000, store=False)
    first = result["hours"].set_index("output").loc["hours_first"]
    assert first["p_within_60h"] < 0.05
    assert np.isnan(first["p50"])  # most runs never reach a capital within the horizon


def test_todays_efp_delays_but_does_not_prevent(nato: Any) -> None:
    then = nato.simulate("rand-baltic-2016", runs=5_000, store=False)["hours"]
    now = nato.simulate("baltic-efp-today", runs=5_000, store=False)["hours"]
    p_then = then.set_index("output").loc["hours_first", "p_within_60h"]
    p_now = now.set_index("output").loc["hours_first", "p_within_60h"]
    assert p_now < p_then


def test_sensitivity_varies_every_declared_input(raw: dict[str, Any], nato: Any) -> None:
    result = morris(nato, parse_scenario(raw, "test"), n=4, reps=1)
    mu = result.indices.set_index(result.indices.columns[0])["mu_star"]
    assert set(mu.index) == {u["name"] for u in raw["uncertainties"]}
    assert mu["road_kmh"] > 0
    assert mu["distance_tallinn_km"] > 0


def test_bad_inputs_list_every_problem_with_its_path(raw: dict[str, Any], nato: Any) -> None:
    data = copy.deepcopy(raw)
    data["levers"]["blue"] = {
        "tallinn": {"light_infantry": -2, "hovercraft": 1},
        "vilnius": {"airborne": 1},
    }
    data["uncertainties"][0]["bounds"] = {"lower": -5, "upper": 27}
    data["uncertainties"] = [u for u in data["uncertainties"] if u["name"] != "road_kmh"]
    with pytest.raises(ScenarioError) as err:
        AdvanceModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = err.value.problems
    found = dict(problems)
    assert found["levers.blue.tallinn.light_infantry"] == "a count cannot be negative"
    assert "unknown unit type 'hovercraft'" in found["levers.blue.tallinn.hovercraft"]
    assert "unknown axis 'vilnius'" in found["levers.blue.vilnius.airborne"]
    assert found["uncertainties[0].bounds.lower"] == "a count cannot be negative"
    assert any(p == "uncertainties" and "road_kmh" in m for p, m in problems)


def test_cli_runs_the_bundled_scenario_and_refuses_a_bad_one(
    store: Any, raw: dict[str, Any], tmp_path: Path
) -> None:
    runner = CliRunner()
    ran = runner.invoke(
        app, ["run", "rand-baltic-2016", "--runs", "2000", "--quiet", "--format", "json"]
    )
    assert ran.exit_code == 0, ran.output
    tables = json.loads(ran.output)["tables"]
    assert tables["reproduction"][0]["figures"] == "hours_to_capital_min hours_to_capital_max"
    assert [r["output"] for r in tables["hours"]] == ["hours_tallinn", "hours_riga", "hours_first"]
    bad = copy.deepcopy(raw)
    bad["levers"]["arrivals"] = [{"axis": "riga", "unit": "tanks", "battalions": -1, "hour": 5}]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    exe = Path(sys.executable).with_name("natolab")  # the console script, as a user runs it
    refused = subprocess.run(
        [str(exe), "sim", "run", str(path), "--quiet"], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "levers.arrivals[0]" in refused.stderr and "Traceback" not in refused.stderr


def test_a_horizon_shorter_than_a_step_or_a_late_deadline_is_refused(
    raw: dict[str, Any], nato: Any
) -> None:
    data = copy.deepcopy(raw)
    data["levers"].update(horizon_hours=0.1, deadline_hours=0.05)
    with pytest.raises(ScenarioError, match="shorter than one step"):
        parse_scenario(data, "bad.yaml")
    data["levers"].update(horizon_hours=48, deadline_hours=60)
    with pytest.raises(ScenarioError) as err:
        AdvanceModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    assert dict(err.value.problems)["levers.deadline_hours"].startswith("the deadline lies beyond")
