"""The replacement troops' pay from NATO's own tables (issue 14, item 3): per-troop personnel
spending per ally, its personnel-weighted spread as the declared uncertainty, and model C's gap
in dollars and euros with bands.

Expected values are computed here with pandas from the bundled spending.csv (never through the
store or the model under test): personnel spending per military person is
``usd_current_m x personnel_share_pct / 100 / personnel_thousands`` (thousand US dollars).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

import natolab
from natolab.data.bundle import bundle_path
from natolab.sim.models.capability import CapabilityModel
from natolab.sim.scenario import ScenarioError, parse_scenario, resolve_path
from natolab.sim.sensitivity import morris
from natolab.store import Store

RELEASE = "nato-2026-07"  # the latest bundled release, which the Alliance reads by default
YEAR = 2024  # the scenarios' data year: every ally with armed forces reports it
PAY = {"from": "nato", "group": "europe and canada"}
QUANTILE = {
    "name": "personnel_cost_quantile",
    "distribution": "uniform",
    "bounds": {"lower": 0.1, "upper": 0.9},
    "unit": "quantile",
    "rationale": "test",
    "source": "test",
}


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


@pytest.fixture(scope="module")
def csv_pay() -> pd.DataFrame:
    """Per ally (Europe and Canada): the three NATO figures of YEAR and the cost per troop."""
    frame = pd.read_csv(bundle_path("spending.csv"))
    rows = frame[(frame["release"] == RELEASE) & (frame["year"] == YEAR)]
    rows = rows[~rows["iso3"].isin(["USA", "NATO_EUR_CAN", "NATO_TOTAL"])]
    wide = rows.pivot_table(index="iso3", columns="measure", values="value", aggfunc="first")
    wide = wide[["usd_current_m", "personnel_share_pct", "personnel_thousands"]].dropna()
    wide["k"] = wide["usd_current_m"] * wide["personnel_share_pct"] / 100
    wide["k"] /= wide["personnel_thousands"]
    return wide


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load(resolve_path(name).read_text(encoding="utf-8"))


def with_pay(name: str, drop: tuple[str, ...] = (), **pay: Any) -> dict[str, Any]:
    """A bundled capability scenario with the NATO pay lever and its declared quantile."""
    data = copy.deepcopy(load(name))
    data["levers"]["personnel_cost"] = PAY | pay
    data["uncertainties"] = [u for u in data["uncertainties"] if u["name"] not in drop]
    data["uncertainties"].append(dict(QUANTILE))
    return data


def at(prepared: Any, scenario: Any, runs: int = 5, **values: float) -> dict[str, np.ndarray]:
    """One run per row with every declared input at its middle except the ``values`` given."""
    middle = {u.name: float(u.ppf(np.array([0.5]))[0]) for u in scenario.uncertainties}
    draws = {k: np.full(runs, v) for k, v in (middle | values).items()}
    return CapabilityModel().run_chunk(prepared, draws, np.random.default_rng(0), runs)


def test_per_troop_cost_is_nato_dollars_times_share_over_personnel(
    nato: Any, csv_pay: pd.DataFrame
) -> None:
    """Germany and Poland: the figure equals the CSV's usd x share / personnel, with provenance."""
    data = with_pay("us-exit-iiss", drop=("personnel_cost_k",))
    result = nato.simulate(parse_scenario(data, "iiss"), runs=500, store=False)
    table = result["personnel_cost"].set_index("iso3")
    for iso in ("DEU", "POL"):
        assert table.loc[iso, "usd_k_per_troop"] == pytest.approx(csv_pay.loc[iso, "k"], rel=1e-9)
        assert table.loc[iso, "year"] == YEAR
        assert table.loc[iso, "release"] == RELEASE
    assert {"source_id", "quality", "release"} <= set(table.columns)
    assert table["source_id"].str.len().gt(0).all() and table["quality"].isin(list("ABCD")).all()
    # Iceland reports no personnel share: it is left out, every other European ally and Canada in
    assert set(table.index) == set(csv_pay.index) and "ISL" not in table.index
    assert "CAN" in table.index
    context = result["context"].set_index("input")
    weighted = context.loc["personnel_cost_k_usd_2024_weighted"]
    spent = (csv_pay["usd_current_m"] * csv_pay["personnel_share_pct"] / 100).sum()
    assert weighted["value"] == pytest.approx(spent / csv_pay["personnel_thousands"].sum())
    assert RELEASE in weighted["source"] and "pensions" in weighted["source"]
    assert context.loc["personnel_cost_k_usd_2024_lowest", "value"] == pytest.approx(
        csv_pay["k"].min()
    )


def test_the_quantile_walks_the_personnel_weighted_spread(nato: Any, csv_pay: pd.DataFrame) -> None:
    """Quantile 0 and 1 give the cheapest and dearest ally; the middle is the weighted median
    ally's figure (allies sorted by cost, personnel as weights, midpoint positions)."""
    data = with_pay("us-exit-bruegel")
    data["levers"]["currency"] = "USD"
    scenario = parse_scenario(data, "bruegel")
    prepared = CapabilityModel().prepare(scenario, nato)
    ends = at(prepared, scenario, personnel_cost_quantile=0.0)["personnel_cost_k"]
    np.testing.assert_allclose(ends, csv_pay["k"].min(), rtol=1e-9)
    top = at(prepared, scenario, personnel_cost_quantile=1.0)["personnel_cost_k"]
    np.testing.assert_allclose(top, csv_pay["k"].max(), rtol=1e-9)
    order = csv_pay.sort_values("k")
    weight = order["personnel_thousands"]
    mid = ((weight.cumsum() - weight / 2) / weight.sum()).to_numpy()
    middle = at(prepared, scenario, personnel_cost_quantile=float(mid[10]))["personnel_cost_k"]
    np.testing.assert_allclose(middle, order["k"].iloc[10], rtol=1e-9)


def test_model_c_gap_gains_the_pay_with_bands_in_dollars_and_euros(
    nato: Any, csv_pay: pd.DataFrame
) -> None:
    result = nato.simulate("us-withdrawal-2027", runs=4000, store=False)
    gap = result["gap"].set_index("output")
    rows = ["personnel_cost_k", "personnel_usd_bn", "personnel_eur_bn"]
    assert (gap.loc[rows, "p05"] < gap.loc[rows, "p50"]).all()
    assert (gap.loc[rows, "p50"] < gap.loc[rows, "p95"]).all()
    assert gap.loc["personnel_usd_bn", "unit"] == "USD bn per year (2024 prices)"
    assert gap.loc["personnel_eur_bn", "unit"] == "EUR bn per year (2024 prices)"
    # the drawn cost per troop stays within the allies' figures (USD, 2024 = the data year)
    assert csv_pay["k"].min() <= gap.loc["personnel_cost_k", "p05"]
    assert gap.loc["personnel_cost_k", "p95"] <= csv_pay["k"].max()
    # euros at NATO's rate for Germany in 2024 (national currency over dollars)
    frame = pd.read_csv(bundle_path("spending.csv"))
    deu = frame[(frame["release"] == RELEASE) & (frame["iso3"] == "DEU") & (frame["year"] == YEAR)]
    rate = deu.set_index("measure")["value"]
    eur_per_usd = rate["nac_current_m"] / rate["usd_current_m"]
    ratio = gap.loc["personnel_eur_bn", "mean"] / gap.loc["personnel_usd_bn", "mean"]
    assert ratio == pytest.approx(eur_per_usd, rel=1e-9)
    # by ally under the scenario's burden rule (gdp): each pays its share of the group's GDP
    allies = result["allies"].set_index("iso3")
    total = allies["personnel_usd_bn"].sum()
    assert total == pytest.approx(gap.loc["personnel_usd_bn", "mean"], rel=1e-9)
    gdp = frame[
        (frame["release"] == RELEASE)
        & (frame["measure"] == "gdp_usd_current_m")
        & (frame["year"] == YEAR)
        & frame["iso3"].isin(allies.index)
    ].set_index("iso3")["value"]
    np.testing.assert_allclose(
        allies["personnel_usd_bn"], total * gdp.reindex(allies.index) / gdp.sum(), rtol=1e-9
    )
    assert "personnel_cost" in result.tables


def test_pay_is_troops_times_cost_per_troop(nato: Any, csv_pay: pd.DataFrame) -> None:
    """With the cost block, NATO's figure replaces the declared personnel_cost_k in the running
    cost: 100,000 troops at the dearest ally's cost."""
    data = with_pay("us-exit-iiss", drop=("personnel_cost_k",))
    scenario = parse_scenario(data, "iiss")
    prepared = CapabilityModel().prepare(scenario, nato)
    values = {"count_personnel_committed_iiss": 100_000.0, "replacement_ratio": 1.0}
    high = at(prepared, scenario, personnel_cost_quantile=1.0, **values)
    low = at(prepared, scenario, personnel_cost_quantile=0.0, **values)
    pay = 100_000 * csv_pay["k"].max() / 1e6
    np.testing.assert_allclose(high["personnel_usd_bn"], pay, rtol=1e-9)
    step = 100_000 * (csv_pay["k"].max() - csv_pay["k"].min()) / 1e6
    np.testing.assert_allclose(high["running_cost_bn"] - low["running_cost_bn"], step, rtol=1e-9)


def test_the_iiss_reproduction_keeps_the_study_input() -> None:
    """A reproduction takes the study's inputs: the IISS scenario declares its own pay reading."""
    iiss = load("us-exit-iiss")
    assert "personnel_cost" not in iiss["levers"]
    assert "personnel_cost_k" in {u["name"] for u in iiss["uncertainties"]}


def test_sensitivity_lists_and_moves_the_pay_input(nato: Any) -> None:
    data = with_pay("us-exit-bruegel")
    data["metric"] = "personnel_eur_bn"
    result = morris(nato, parse_scenario(data, "bruegel"), n=4, reps=1)
    mu = result.indices.set_index(result.indices.columns[0])["mu_star"]
    assert "personnel_cost_quantile" in mu.index
    assert mu["personnel_cost_quantile"] > 0
    assert mu["target_share_pct"] == 0  # the pay does not depend on the spending target


def test_bad_pay_inputs_list_their_paths(nato: Any) -> None:
    data = with_pay("us-exit-iiss", drop=("personnel_cost_k",), group="asia")
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = dict(err.value.problems)
    assert "unknown group 'asia'" in problems["levers.personnel_cost.group"]
    # 2026: the Netherlands and Portugal publish no personnel share yet; 1990: nothing bundled
    for year, missing in ((2026, "NLD"), (1990, "DEU")):
        data = with_pay("us-exit-bruegel", year=year)
        with pytest.raises(ScenarioError) as err:
            CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
        problem = dict(err.value.problems)["levers.personnel_cost.year"]
        assert problem.startswith("no NATO personnel figures") and missing in problem
    # the quantile must be declared, within 0..1; a declared pay beside NATO's is refused
    data = with_pay("us-exit-iiss")
    data["uncertainties"][-1]["bounds"] = {"lower": 0.1, "upper": 1.5}
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    problems = err.value.problems
    last = len(data["uncertainties"]) - 1
    assert (f"uncertainties[{last}].bounds", "personnel_cost_quantile lies within 0..1") in problems
    assert any(p == "uncertainties" and "levers.personnel_cost" in m for p, m in problems)
    data["uncertainties"] = data["uncertainties"][:-1]
    with pytest.raises(ScenarioError) as err:
        CapabilityModel().prepare(parse_scenario(data, "bad.yaml"), nato)
    assert any("declare personnel_cost_quantile" in m for _, m in err.value.problems)


def test_model_c_pay_problems_carry_the_outer_paths(nato: Any) -> None:
    data = copy.deepcopy(load("us-withdrawal-2027"))
    data["levers"]["capability"]["personnel_cost"] = {"from": "nato", "group": "mars"}
    with pytest.raises(ScenarioError) as err:
        nato.simulate(parse_scenario(data, "c.yaml"), runs=100, store=False)
    problems = dict(err.value.problems)
    assert "unknown group 'mars'" in problems["levers.capability.personnel_cost.group"]
