"""Issue 14 item 1, the categories added last: submarines, tankers, airlift; the single-page P-8.

Expected values come from the bundled supplement and scenario YAML read directly, or from the
figures the stored pages print (contract totals over aircraft counts), never from the model.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import natolab
from natolab.data.bundle import bundle_path
from natolab.data.facts.us_capability import load_us_capability
from natolab.errors import FactsError
from natolab.sim.models.capability import CapabilityModel
from natolab.sim.scenario import ScenarioError, parse_scenario, resolve_path
from natolab.sim.sensitivity import problem
from natolab.store import Store

ADDED = {
    "submarines_iiss": "submarines",
    "tankers_stationed": "air_enablers",
    "airlift_stationed": "air_enablers",
}


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


@pytest.fixture(scope="module")
def supplement() -> dict[str, Any]:
    return yaml.safe_load(bundle_path("supplements", "us_capability.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def iiss() -> dict[str, Any]:
    return yaml.safe_load(resolve_path("us-exit-iiss").read_text(encoding="utf-8"))


def test_added_categories_cite_two_pages_and_the_printed_counts(
    supplement: dict[str, Any],
) -> None:
    forces = {f["id"]: f for f in supplement["us_forces"]}
    for force_id, category in ADDED.items():
        entry = forces[force_id]
        assert entry["category"] == category
        assert len(set(entry["sources"])) >= 2 and entry["single_source"] is False
    assert forces["submarines_iiss"]["central"] == 10  # "10 nuclear submarines"
    assert forces["tankers_stationed"]["central"] == 15  # "the 15 KC-135s"
    assert forces["airlift_stationed"]["central"] == 14  # "one of 14 C-130J's at Ramstein"
    patrol = forces["maritime_patrol_iiss"]  # one page only: kept, flagged
    assert patrol["single_source"] is True and len(patrol["sources"]) == 1


def test_added_unit_costs_are_the_pages_contract_prices() -> None:
    record = load_us_capability()
    costs = {c.id: c for c in record.unit_costs}
    tanker = costs["tankers_stationed"]
    assert tanker.low == pytest.approx(2380 / 15, abs=0.05)  # lot 11: USD 2.38bn for 15
    assert tanker.high == pytest.approx(2470 / 15, abs=0.05)  # lot 12: USD 2.47bn for 15
    submarine = costs["submarines_iiss"]
    assert submarine.low == 3539.4  # CRS: the FY2021 boat
    assert submarine.central == pytest.approx(9400 / 2)  # USD 9.4bn for two FY2024 boats
    assert submarine.high == pytest.approx((9400 + 2000) / 2)  # with the almost 2bn shortfall
    airlift = costs["airlift_stationed"]
    assert airlift.central == pytest.approx(3000 / 50)  # USD 3bn for 50 (2020)
    assert airlift.high == pytest.approx(5300 / 78, abs=0.05)  # USD 5.3bn for 78 (2016)
    assert airlift.low == 50 and airlift.price_year == 2020  # "roughly USD 50m"
    for cost in (tanker, submarine, airlift):
        assert cost.currency == "USD" and len(set(cost.source_ids)) >= 2


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("category", "spy_satellites", "us_forces.submarines_iiss.category"),
        ("low", -1, "us_forces.submarines_iiss.low"),
        ("central", 40, "us_forces.submarines_iiss"),  # outside low..high
    ],
)
def test_loader_refuses_bad_new_entries_with_their_path(
    supplement: dict[str, Any], field: str, value: Any, key: str
) -> None:
    data = copy.deepcopy(supplement)
    entry = next(f for f in data["us_forces"] if f["id"] == "submarines_iiss")
    entry[field] = value
    with pytest.raises(FactsError) as err:
        load_us_capability.__wrapped__(yaml.safe_dump(data))
    assert err.value.key == key


def test_iiss_scenario_selects_and_prices_them(iiss: dict[str, Any], nato: Any) -> None:
    assert set(ADDED) <= set(iiss["levers"]["us_forces"])
    prepared = CapabilityModel().prepare(parse_scenario(iiss, "iiss"), nato)
    values = {u["name"]: sum(u["bounds"].values()) / 2 for u in iiss["uncertainties"]}
    values |= {"count_submarines_iiss": 10, "production_submarines_iiss": 0.5}
    values |= {"count_tankers_stationed": 15, "unit_cost_tankers_stationed": 160.0}
    draws = {k: np.full(3, v) for k, v in values.items()}
    out = CapabilityModel().run_chunk(prepared, draws, np.random.default_rng(0), 3)
    np.testing.assert_allclose(out["units_submarines_iiss"], 10)
    np.testing.assert_allclose(out["years_submarines_iiss"], 20)  # 10 boats at 0.5 a year
    assert (out["years_all"] >= 20).all()  # the slowest category sets the whole
    # price year 2024 is the scenario's price base: no restating
    np.testing.assert_allclose(out["acquisition_tankers_stationed_bn"], 15 * 160.0 / 1000)
    submarines = 10 * values["unit_cost_submarines_iiss"] / 1000
    np.testing.assert_allclose(out["acquisition_submarines_iiss_bn"], submarines)


def test_iiss_run_shows_them_with_bands_and_keeps_the_reproduction(nato: Any) -> None:
    result = nato.simulate("us-exit-iiss", runs=4000, store=False)
    gap = result["gap"].set_index("output")
    for force in ADDED:
        for output in (f"units_{force}", f"years_{force}", f"acquisition_{force}_bn"):
            row = gap.loc[output]
            assert row["p05"] < row["p50"] < row["p95"]
    assert gap.loc["units_submarines_iiss", "unit"] == "submarines"
    reproduction = result["reproduction"].iloc[0]
    assert reproduction["published_in_band"]  # the compared figure is not moved by them


def test_sobol_problem_includes_their_inputs(iiss: dict[str, Any]) -> None:
    names = set(problem(parse_scenario(iiss, "iiss"))["names"])
    for force in ADDED:
        assert {f"count_{force}", f"production_{force}", f"unit_cost_{force}"} <= names


def test_a_single_source_capability_is_refused_with_its_path(
    iiss: dict[str, Any], nato: Any
) -> None:
    data = copy.deepcopy(iiss)
    data["levers"]["us_forces"].append("maritime_patrol_iiss")
    data["uncertainties"].append(
        {"name": "production_maritime_patrol_iiss", "distribution": "uniform"}
        | {"bounds": {"lower": 1, "upper": 2}, "rationale": "test", "source": "judgement (test)"}
    )
    index = len(data["levers"]["us_forces"]) - 1
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    assert (
        f"levers.us_forces[{index}]",
        "'maritime_patrol_iiss' rests on one stored page",
    ) in err.value.problems


def _spans(scenario: Any, prepared: Any) -> tuple[tuple[str, ...], np.ndarray]:
    """The inputs a run reads and each one's declared support (a fixed value: both ends)."""
    from natolab.sim.models.capability.model import _names

    names = _names(prepared)
    spans = [
        u.support() if (u := scenario.uncertainty(n)) else (prepared.defaults[n],) * 2
        for n in names
    ]
    return names, np.array(spans, dtype=float)


def test_histogram_bounds_equal_the_full_corner_enumeration(
    iiss: dict[str, Any], nato: Any
) -> None:
    """Without the enablers (18 inputs) every corner can be enumerated: the searched bounds are
    exactly the extremes over all 2^18 corners."""
    import itertools

    from natolab.sim.models.capability.model import _extremes

    data = copy.deepcopy(iiss)
    data["uncertainties"] = [
        u for u in data["uncertainties"] if not u["name"].endswith(tuple(ADDED))
    ]
    data["levers"]["us_forces"] = [f for f in data["levers"]["us_forces"] if f not in ADDED]
    data["levers"]["unit_costs"] = {
        f: v for f, v in data["levers"]["unit_costs"].items() if f not in ADDED
    }
    scenario = parse_scenario(data, "iiss-without-enablers.yaml")
    prepared = CapabilityModel().prepare(scenario, nato)
    names, spans = _spans(scenario, prepared)
    assert len(names) == 18
    corners = np.array(list(itertools.product(*spans)), dtype=float)
    model = CapabilityModel()
    outs = model.run_chunk(
        prepared, {n: corners[:, i] for i, n in enumerate(names)}, None, len(corners)
    )
    low, high = _extremes(prepared, names, spans)
    for i, key in enumerate(prepared.outputs):
        assert low[i] == outs[key].min() and high[i] == outs[key].max(), key
        assert prepared.edges[key][0] < outs[key].min() <= outs[key].max() < prepared.edges[key][-1]


def test_every_run_of_the_full_scenario_falls_inside_the_histogram(
    iiss: dict[str, Any], nato: Any
) -> None:
    """With the enablers (27 inputs), random corners and random interior points alike land in a
    bin of every output's histogram: no run is dropped from the quantiles."""
    scenario = parse_scenario(iiss, "iiss.yaml")
    prepared = CapabilityModel().prepare(scenario, nato)
    names, spans = _spans(scenario, prepared)
    assert len(names) == 27
    rng = np.random.default_rng(14)
    runs = 8192
    at_ends = rng.integers(0, 2, size=(runs, len(names))).astype(float)  # corners
    at_ends[runs // 2 :] = rng.random((runs - runs // 2, len(names)))  # interior points
    points = spans[:, 0] + at_ends * (spans[:, 1] - spans[:, 0])
    model = CapabilityModel()
    outs = model.run_chunk(prepared, {n: points[:, i] for i, n in enumerate(names)}, None, runs)
    totals = model.reduce(prepared, outs)
    for key in prepared.outputs:
        assert int(totals[f"{key}.hist"].sum()) == runs, key


def test_the_sead_deployment_is_compiled_but_selected_by_no_scenario(
    supplement: dict[str, Any],
) -> None:
    """Six EA-18G at Spangdahlem (March 2022), on four pages: a count, not a posture."""
    entry = {f["id"]: f for f in supplement["us_forces"]}["sead_deployed_2022"]
    assert (entry["low"], entry["central"], entry["high"]) == (6, 6, 6)  # "sechs EA-18G"
    assert len(set(entry["sources"])) >= 2 and entry["single_source"] is False
    assert load_us_capability().force("sead_deployed_2022").category == "air_enablers"
    for path in Path(resolve_path("us-exit-iiss")).parent.glob("*.yaml"):
        assert "sead_deployed_2022" not in path.read_text(encoding="utf-8"), path.name
