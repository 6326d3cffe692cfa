"""Issue 14 beyond personnel: equipment categories, production limits, the exposure rule.

Expected values come from the bundled files read directly (the supplement YAML, the scenario
YAML, the geography CSVs), never from the model under test.
"""

from __future__ import annotations

import copy
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
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

GEOGRAPHY = bundle_path("geography", "places.csv").parent
EQUIPMENT = {
    "us-exit-bruegel": ("tanks_bruegel", "ifv_bruegel", "artillery_bruegel"),
    "us-exit-iiss": ("combat_aircraft_iiss", "destroyers_iiss", "long_range_sam_iiss"),
}


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(resolve_path("us-exit-bruegel").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def supplement() -> dict[str, Any]:
    return yaml.safe_load(bundle_path("supplements", "us_capability.yaml").read_text("utf-8"))


def central(raw: dict[str, Any]) -> dict[str, float]:
    """Every declared parameter at the middle of its bounds (read from the YAML)."""
    return {u["name"]: sum(u["bounds"].values()) / 2 for u in raw["uncertainties"]}


def run(prepared: Any, values: dict[str, float], runs: int = 4) -> dict[str, np.ndarray]:
    draws = {k: np.full(runs, v) for k, v in values.items()}
    return CapabilityModel().run_chunk(prepared, draws, np.random.default_rng(0), runs)


def with_exposure(raw: dict[str, Any], km: tuple[float, float], factor: tuple[float, float]) -> Any:
    data = copy.deepcopy(raw)
    data["levers"]["burden_rule"] = "exposure"
    data["levers"]["exposure_states"] = ["RUS", "BLR"]
    for name, (lo, hi) in (("exposure_km", km), ("border_factor", factor)):
        data["uncertainties"].append(
            {"name": name, "distribution": "uniform", "bounds": {"lower": lo, "upper": hi}}
            | {"rationale": "test", "source": "judgement (test)"}
        )
    return parse_scenario(data, "exposure")


def test_supplement_equipment_has_two_pages_each(supplement: dict[str, Any]) -> None:
    forces = {f["id"]: f for f in supplement["us_forces"]}
    for ids in EQUIPMENT.values():
        for force_id in ids:
            entry = forces[force_id]
            assert entry["category"] != "personnel"
            assert len(set(entry["sources"])) >= 2 and entry["single_source"] is False
    assert forces["combat_aircraft_iiss"]["central"] == 400
    assert forces["destroyers_iiss"]["central"] == 20
    assert forces["tanks_bruegel"]["central"] == 1400


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("category", "death_rays", "us_forces.tanks_bruegel.category"),
        ("low", -5, "us_forces.tanks_bruegel.low"),
    ],
)
def test_loader_refuses_bad_entries_with_their_path(
    supplement: dict[str, Any], field: str, value: Any, key: str
) -> None:
    data = copy.deepcopy(supplement)
    entry = next(f for f in data["us_forces"] if f["id"] == "tanks_bruegel")
    entry[field] = value
    with pytest.raises(FactsError) as err:
        load_us_capability.__wrapped__(yaml.safe_dump(data))
    assert err.value.key == key


def test_equipment_years_follow_production_limits(raw: dict[str, Any], nato: Any) -> None:
    prepared = CapabilityModel().prepare(parse_scenario(raw, "b"), nato)
    values = central(raw) | {
        "count_tanks_bruegel": 1500,
        "production_tanks_bruegel": 150,  # 10 years
        "count_ifv_bruegel": 2000,
        "production_ifv_bruegel": 500,  # 4 years
        "count_artillery_bruegel": 750,
        "production_artillery_bruegel": 250,  # 3 years
        "count_personnel_stationed": 100_000,
        "count_personnel_reinforcement": 200_000,
        "replacement_ratio": 1.0,
        "recruits_per_year": 50_000,  # 6 years
    }
    out = run(prepared, values)
    np.testing.assert_allclose(out["us_personnel"], 300_000)  # equipment is no personnel
    np.testing.assert_allclose(out["units_tanks_bruegel"], 1500)
    np.testing.assert_allclose(out["years_tanks_bruegel"], 10)
    np.testing.assert_allclose(out["years_ifv_bruegel"], 4)
    np.testing.assert_allclose(out["years_artillery_bruegel"], 3)
    np.testing.assert_allclose(out["years_to_close"], 6)
    np.testing.assert_allclose(out["years_all"], 10)  # the slowest category closes last


def test_gap_table_has_units_and_years_per_category_with_bands(nato: Any) -> None:
    result = nato.simulate("us-exit-iiss", runs=4000, store=False)
    gap = result["gap"].set_index("output")
    for force in EQUIPMENT["us-exit-iiss"]:
        units, years = gap.loc[f"units_{force}"], gap.loc[f"years_{force}"]
        assert units["p05"] < units["p50"] < units["p95"]
        assert years["p05"] < years["p50"] < years["p95"]
    raw = yaml.safe_load(resolve_path("us-exit-iiss").read_text(encoding="utf-8"))
    bounds = {u["name"]: u["bounds"] for u in raw["uncertainties"]}
    count = bounds["count_combat_aircraft_iiss"]
    assert count["lower"] <= gap.loc["units_combat_aircraft_iiss", "p50"] <= count["upper"]
    assert gap.loc["units_combat_aircraft_iiss", "unit"] == "aircraft"
    fastest = count["lower"] / bounds["production_combat_aircraft_iiss"]["upper"]
    slowest = count["upper"] / bounds["production_combat_aircraft_iiss"]["lower"]
    row = gap.loc["years_combat_aircraft_iiss"]
    assert fastest <= row["p05"] and row["p95"] <= slowest
    assert gap.loc["years_all", "p50"] >= gap.loc["years_destroyers_iiss", "p50"]


@pytest.mark.parametrize("name", sorted(EQUIPMENT))
def test_sobol_problem_lists_the_new_inputs(name: str) -> None:
    raw = yaml.safe_load(resolve_path(name).read_text(encoding="utf-8"))
    names = set(problem(parse_scenario(raw, name))["names"])
    for force in EQUIPMENT[name]:
        assert {f"count_{force}", f"production_{force}"} <= names
    for u in raw["uncertainties"]:  # every input says where it comes from
        assert u["source"].strip() and u["rationale"].strip()


def test_production_limit_is_required_and_positive(raw: dict[str, Any], nato: Any) -> None:
    data = copy.deepcopy(raw)
    names = [u["name"] for u in data["uncertainties"]]
    index = names.index("production_ifv_bruegel")
    data["uncertainties"][index]["bounds"] = {"lower": -10, "upper": 400}
    data["uncertainties"] = [
        u for u in data["uncertainties"] if u["name"] != "production_tanks_bruegel"
    ]
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = err.value.problems
    assert any(p == "uncertainties" and "production_tanks_bruegel" in m for p, m in problems)
    shifted = index - 1  # the removed entry came before it
    assert (
        f"uncertainties[{shifted}].bounds.lower",
        "production_ifv_bruegel must be > 0",
    ) in problems


def test_exposure_rule_needs_its_parameters_and_known_states(
    raw: dict[str, Any], nato: Any
) -> None:
    data = copy.deepcopy(raw)
    data["levers"]["burden_rule"] = "exposure"
    data["levers"]["exposure_states"] = ["RUS", "ATLANTIS"]
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = err.value.problems
    assert any(p == "uncertainties" and "exposure_km" in m for p, m in problems)
    assert any(p == "uncertainties" and "border_factor" in m for p, m in problems)
    data["uncertainties"] = with_exposure(raw, (1000, 2000), (1, 2)).model_dump()["uncertainties"]
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    assert "ATLANTIS" in dict(err.value.problems)["levers.exposure_states[1]"]


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_exposure_rule_weights_gdp_by_distance_and_border(raw: dict[str, Any], nato: Any) -> None:
    allies = raw["levers"]["allies"]
    prepared = CapabilityModel().prepare(with_exposure(raw, (1000, 2000), (1, 3)), nato)
    out = run(prepared, central(raw) | {"exposure_km": 1500, "border_factor": 2})
    extra = pd.Series(out["ally_extra_pp"][0], index=allies)
    places = pd.read_csv(GEOGRAPHY / "places.csv").set_index("code")
    borders = pd.read_csv(GEOGRAPHY / "borders.csv")
    bordering = set(borders.loc[borders["state"].isin(["RUS", "BLR"]), "ally"])

    def weight(iso: str) -> float:
        km = min(
            _haversine_km(*places.loc[iso, ["lat", "lon"]], *places.loc[s, ["lat", "lon"]])
            for s in ("RUS", "BLR")
        )
        return math.exp(-km / 1500) * (2 if iso in bordering else 1)

    # extra points of GDP are proportional to the weight (money = GDP x weight x constant)
    for a, b in (("EST", "PRT"), ("POL", "DEU"), ("FIN", "FRA")):
        assert extra[a] / extra[b] == pytest.approx(weight(a) / weight(b), rel=2e-3)
    assert {"EST", "LVA", "LTU", "POL", "FIN"} <= bordering
    gdp_rule = CapabilityModel().prepare(parse_scenario(raw, "gdp"), nato)
    same = run(gdp_rule, central(raw))
    np.testing.assert_allclose(out["extra_spending_bn"], same["extra_spending_bn"], rtol=1e-9)


def test_per_category_outputs_can_be_the_metric(nato: Any) -> None:
    raw = yaml.safe_load(resolve_path("us-exit-iiss").read_text(encoding="utf-8"))
    raw["metric"] = "years_all"
    prepared = CapabilityModel().prepare(parse_scenario(raw, "iiss"), nato)
    values = central(raw) | {"production_destroyers_iiss": 0.5, "count_destroyers_iiss": 20}
    metric = CapabilityModel().metric(prepared, run(prepared, values))
    np.testing.assert_allclose(metric, 40)  # 20 destroyers at half a ship a year: the slowest
    raw["metric"] = "years_death_rays"
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(raw, "iiss"), nato)
    assert "years_all" in dict(err.value.problems)["metric"]


def test_personnel_only_scenario_has_no_equipment_outputs(raw: dict[str, Any], nato: Any) -> None:
    data = copy.deepcopy(raw)
    data["levers"]["us_forces"] = ["personnel_stationed", "personnel_reinforcement"]
    del data["levers"]["unit_costs"]
    data["uncertainties"] = [
        u for u in data["uncertainties"] if not u["name"].endswith(EQUIPMENT["us-exit-bruegel"])
    ]
    prepared = CapabilityModel().prepare(parse_scenario(data, "personnel"), nato)
    assert "years_all" not in prepared.outputs
    per_force = [o for o in prepared.outputs if o.startswith(("units_", "years_"))]
    assert per_force == ["years_to_close"]  # recruiting only
    data["metric"] = "years_all"
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "personnel"), nato)
    assert "metric" in dict(err.value.problems)


RELEASE = "nato-2026-07"  # the release the Alliance reads by default


def csv_sum(measure: str, iso3: list[str], year: int) -> float:
    """The allies' summed NATO figure straight from the bundled spending.csv."""
    frame = pd.read_csv(bundle_path("spending.csv"))
    rows = frame[
        (frame["release"] == RELEASE)
        & (frame["measure"] == measure)
        & (frame["year"] == year)
        & (frame["iso3"].isin(iso3))
    ]
    return float(rows["value"].sum())


@pytest.fixture(scope="module")
def iiss() -> dict[str, Any]:
    return yaml.safe_load(resolve_path("us-exit-iiss").read_text(encoding="utf-8"))


def test_unit_costs_restated_at_the_price_base_in_both_currencies(
    iiss: dict[str, Any], nato: Any
) -> None:
    allies = iiss["levers"]["allies"]
    prepared = CapabilityModel().prepare(parse_scenario(iiss, "iiss"), nato)
    values = central(iiss) | {
        "count_combat_aircraft_iiss": 400,
        "unit_cost_combat_aircraft_iiss": 100.0,  # USD m at 2022 prices
        "count_destroyers_iiss": 20,
        "unit_cost_destroyers_iiss": 2000.0,  # USD m at 2024 prices (the base year)
        "count_long_range_sam_iiss": 24,
        "unit_cost_long_range_sam_iiss": 1000.0,
        # none of the later categories (priced in test_capability_enablers.py)
        **{f"count_{f}": 0 for f in ("submarines_iiss", "tankers_stationed", "airlift_stationed")},
        "os_share": 0.6,
        "service_life_years": 30.0,
    }
    out = run(prepared, values)

    def index(year: int) -> float:  # NATO's dollar price index: current over constant
        return csv_sum("usd_current_m", allies, year) / csv_sum("usd_constant_m", allies, year)

    aircraft = 400 * 100.0 / 1000 * index(2024) / index(2022)
    np.testing.assert_allclose(out["acquisition_combat_aircraft_iiss_bn"], aircraft, rtol=1e-9)
    np.testing.assert_allclose(out["acquisition_destroyers_iiss_bn"], 40.0, rtol=1e-9)
    np.testing.assert_allclose(out["acquisition_long_range_sam_iiss_bn"], 24.0, rtol=1e-9)
    total = aircraft + 40 + 24
    np.testing.assert_allclose(out["equipment_usd_bn"], total, rtol=1e-9)
    eur_per_usd = csv_sum("nac_current_m", ["DEU"], 2024) / csv_sum("usd_current_m", ["DEU"], 2024)
    np.testing.assert_allclose(out["equipment_eur_bn"], total * eur_per_usd, rtol=1e-9)
    np.testing.assert_allclose(out["equipment_running_bn"], total * 1.5 / 30, rtol=1e-9)
    assert index(2024) > index(2022)  # 2022 dollars are restated upwards


def test_unit_cost_problems_carry_their_paths(iiss: dict[str, Any], nato: Any) -> None:
    data = copy.deepcopy(iiss)
    data["levers"]["unit_costs"]["destroyers_iiss"]["price_year"] = 1990
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = dict(err.value.problems)
    assert problems["levers.unit_costs.destroyers_iiss.price_year"].startswith(
        "no deflator for 1990"
    )
    data = copy.deepcopy(iiss)
    del data["levers"]["unit_costs"]["long_range_sam_iiss"]
    data["levers"]["unit_costs"]["tanks_bruegel"] = {"currency": "EUR", "price_year": 2024}
    names = [u["name"] for u in data["uncertainties"]]
    index = names.index("unit_cost_destroyers_iiss")
    data["uncertainties"][index]["bounds"] = {"lower": -1, "upper": 2500}
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = err.value.problems
    assert ("levers.unit_costs.tanks_bruegel", "not a selected equipment capability") in problems
    assert any(
        p == "levers.unit_costs" and "unit_cost_long_range_sam_iiss" in m for p, m in problems
    )
    bound = (f"uncertainties[{index}].bounds.lower", "unit_cost_destroyers_iiss must be > 0")
    assert bound in problems


def test_unit_cost_of_an_unknown_capability_is_refused(supplement: dict[str, Any]) -> None:
    data = copy.deepcopy(supplement)
    data["unit_costs"][0]["id"] = "death_rays"
    with pytest.raises(FactsError) as err:
        load_us_capability.__wrapped__(yaml.safe_dump(data))
    assert err.value.key == "unit_costs.death_rays"


def test_iiss_sobol_problem_lists_the_unit_costs(iiss: dict[str, Any]) -> None:
    names = set(problem(parse_scenario(iiss, "iiss"))["names"])
    assert {f"unit_cost_{f}" for f in EQUIPMENT["us-exit-iiss"]} <= names
    record = load_us_capability()
    for force in EQUIPMENT["us-exit-iiss"]:
        cost = next(c for c in record.unit_costs if c.id == force)
        bounds = next(
            u["bounds"] for u in iiss["uncertainties"] if u["name"] == f"unit_cost_{force}"
        )
        assert (bounds["lower"], bounds["upper"]) == (cost.low, cost.high)  # the pages' range
        assert iiss["levers"]["unit_costs"][force]["price_year"] == cost.price_year
        assert len(cost.source_ids) >= 2


def test_cli_refuses_a_unit_cost_price_year_without_deflator(
    store: Any, iiss: dict[str, Any], tmp_path: Path
) -> None:
    bad = copy.deepcopy(iiss)
    bad["levers"]["unit_costs"]["combat_aircraft_iiss"]["price_year"] = 1990
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    exe = Path(sys.executable).with_name("natolab")  # the console script, as a user runs it
    refused = subprocess.run(
        [str(exe), "sim", "run", str(path), "--quiet"], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "levers.unit_costs.combat_aircraft_iiss.price_year: no deflator for 1990" in (
        refused.stderr
    )
    assert "Traceback" not in refused.stderr and refused.stdout == ""


def test_euro_unit_costs_use_the_euro_index(raw: dict[str, Any], nato: Any) -> None:
    prepared = CapabilityModel().prepare(parse_scenario(raw, "bruegel"), nato)
    values = central(raw) | {
        "count_tanks_bruegel": 1400,
        "unit_cost_tanks_bruegel": 25.0,  # EUR m at 2023 prices
        "count_artillery_bruegel": 700,
        "unit_cost_artillery_bruegel": 10.0,
        "count_ifv_bruegel": 2000,
        "unit_cost_ifv_bruegel": 10.0,  # EUR m at 2022 prices (its own price base)
    }
    out = run(prepared, values)

    def index(year: int) -> float:  # the euro's price index: Germany's current over constant
        return csv_sum("nac_current_m", ["DEU"], year) / csv_sum("nac_constant_m", ["DEU"], year)

    restate = index(2024) / index(2023)
    np.testing.assert_allclose(out["acquisition_tanks_bruegel_bn"], 35.0 * restate, rtol=1e-9)
    np.testing.assert_allclose(out["acquisition_artillery_bruegel_bn"], 7.0 * restate, rtol=1e-9)
    eur_per_usd = csv_sum("nac_current_m", ["DEU"], 2024) / csv_sum("usd_current_m", ["DEU"], 2024)
    ifv = 20.0 * index(2024) / index(2022)  # 2,000 at EUR 10m, restated from 2022
    np.testing.assert_allclose(out["acquisition_ifv_bruegel_bn"], ifv, rtol=1e-9)
    np.testing.assert_allclose(out["equipment_eur_bn"], 42.0 * restate + ifv, rtol=1e-9)
    np.testing.assert_allclose(
        out["equipment_usd_bn"], (42.0 * restate + ifv) / eur_per_usd, rtol=1e-9
    )


def test_ifv_unit_cost_is_the_pages_package_prices(raw: dict[str, Any]) -> None:
    """Slovakia's 152 CV90 for EUR 1.688bn (2022) and Hungary's 218 Lynx for EUR 2bn (2020), as
    the pages print them; the scenario draws over exactly that range at its stated price base."""
    cost = {c.id: c for c in load_us_capability().unit_costs}["ifv_bruegel"]
    assert cost.high == pytest.approx(1688 / 152, abs=0.05)
    assert cost.low == pytest.approx(2000 / 218, abs=0.05)
    assert cost.currency == "EUR" and cost.price_year == 2022
    assert len(set(cost.source_ids)) >= 4  # at least two pages for each end
    declared = {u["name"]: u["bounds"] for u in raw["uncertainties"]}["unit_cost_ifv_bruegel"]
    assert (declared["lower"], declared["upper"]) == (cost.low, cost.high)
    assert raw["levers"]["unit_costs"]["ifv_bruegel"] == {"currency": "EUR", "price_year": 2022}


def test_production_rates_are_the_pages_figures(raw: dict[str, Any]) -> None:
    """Today's Leopard 2 and Patriot output as the pages print it (40 to 50 tanks, 12 fire units
    a year), each on more than one page; the production judgements cite them for scale."""
    record = load_us_capability()
    rates = {r.id: r for r in record.production_rates}
    tanks, patriot = rates["leopard_2_knds"], rates["patriot_raytheon"]
    assert (tanks.low, tanks.high, tanks.capability) == (40, 50, "tanks_bruegel")
    assert (patriot.low, patriot.high, patriot.capability) == (12, 12, "long_range_sam_iiss")
    for rate in (tanks, patriot):
        assert len(set(rate.source_ids)) >= 2 and rate.single_source is False
        assert record.force(rate.capability).category != "personnel"
    declared = {u["name"]: u for u in raw["uncertainties"]}["production_tanks_bruegel"]
    assert declared["source"].startswith("judgement")  # the limit itself stays a judgement
    assert "production_rates.leopard_2_knds" in declared["source"]
    iiss = yaml.safe_load(resolve_path("us-exit-iiss").read_text(encoding="utf-8"))
    sam = {u["name"]: u for u in iiss["uncertainties"]}["production_long_range_sam_iiss"]
    assert "production_rates.patriot_raytheon" in sam["source"]


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("capability", "death_star", "production_rates.leopard_2_knds"),
        ("low", -1, "production_rates.leopard_2_knds.low"),
        ("central", 60, "production_rates.leopard_2_knds"),  # outside low..high
    ],
)
def test_loader_refuses_a_bad_production_rate_with_its_path(
    supplement: dict[str, Any], field: str, value: Any, key: str
) -> None:
    data = copy.deepcopy(supplement)
    entry = next(r for r in data["production_rates"] if r["id"] == "leopard_2_knds")
    entry[field] = value
    with pytest.raises(FactsError) as err:
        load_us_capability.__wrapped__(yaml.safe_dump(data))
    assert err.value.key == key
