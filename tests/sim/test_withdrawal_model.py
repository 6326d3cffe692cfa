"""Model C: the rules layer decides lawfulness, the gap is the capability model's, model B without
the US. Expected gap values come from the supplement YAML and spending.csv read directly."""

from __future__ import annotations

import copy
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
from natolab.rules.article13 import withdrawal
from natolab.sim.models.capability import CapabilityModel, embedded
from natolab.sim.models.withdrawal import WithdrawalModel, crisis_levers
from natolab.sim.scenario import ScenarioError, parse_scenario, resolve_path
from natolab.store import Store

LEVERS = {"notice": "2027-07-01", "congress_notified": "2026-12-01", "senators_present": 100}
RAW = yaml.safe_load(resolve_path("us-withdrawal-2027").read_text(encoding="utf-8"))
SCENARIO = parse_scenario(RAW | {"name": "withdrawal-test", "levers": RAW["levers"] | LEVERS})
GAP_TABLES = {"gap", "allies", "path", "context"}


def variant(**capability: Any) -> dict[str, Any]:
    """The bundled file with some ``levers.capability`` entries changed."""
    data = copy.deepcopy(RAW)
    data["levers"]["capability"].update(capability)
    return data


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


@pytest.fixture(scope="module")
def prepared(nato: natolab.Alliance):
    return WithdrawalModel().prepare(SCENARIO, nato)


def run(prepared, runs: int = 4000, **values: float):
    """Every declared uncertainty at its median, except the ``values`` given."""
    medians = {u.name: float(u.ppf(np.array([0.5]))[0]) for u in SCENARIO.uncertainties}
    draws = {k: np.full(runs, v) for k, v in (medians | values).items()}
    model = WithdrawalModel()
    outputs = model.run_chunk(prepared, draws, np.random.default_rng(3), runs)
    return outputs, model.summarise(prepared, model.reduce(prepared, outputs), runs)


def test_lookup_table_is_the_rules_layer(prepared) -> None:
    for yeas in (0, 50, 66, 67, 100):
        verdict = withdrawal(
            "USA",
            notice="2027-07-01",
            senate_yeas=yeas,
            senators_present=100,
            act_of_congress=False,
            congress_notified="2026-12-01",
        )
        assert prepared.lawful_by_yeas[yeas] == (verdict.outcome in {"effective", "pending"})
    assert prepared.needed_yeas == 67


def test_senate_vote_drives_lawfulness(prepared) -> None:
    _, high = run(prepared, senate_yea_share=0.9, senate_vote_noise=0.0, p_act_of_congress=0.0)
    _, low = run(prepared, senate_yea_share=0.3, senate_vote_noise=0.0, p_act_of_congress=0.0)
    assert high["legal"]["p_lawful"].item() == 1.0
    assert low["legal"]["p_lawful"].item() == 0.0
    _, act = run(prepared, senate_yea_share=0.3, senate_vote_noise=0.0, p_act_of_congress=1.0)
    assert act["legal"]["p_lawful"].item() == 1.0


def test_gap_is_the_embedded_capability_model_on_the_same_draws(prepared, nato) -> None:
    """Every capability output of model C equals the capability model run alone on the same
    draws, and the metric is its extra share of GDP."""
    runs = 500
    rng = np.random.default_rng(11)
    draws = {u.name: u.ppf(rng.random(runs)) for u in SCENARIO.uncertainties}
    model = WithdrawalModel()
    outputs = model.run_chunk(prepared, draws, np.random.default_rng(3), runs)
    alone = embedded(SCENARIO, nato)
    assert alone is not None
    expected = CapabilityModel().run_chunk(alone, draws, np.random.default_rng(3), runs)
    for key, values in expected.items():
        np.testing.assert_array_equal(outputs[f"capability.{key}"], values)
    np.testing.assert_array_equal(model.metric(prepared, outputs), expected["extra_share_pp"])
    tables = model.summarise(prepared, model.reduce(prepared, outputs), runs)
    totals = CapabilityModel().reduce(alone, expected)
    for name, frame in CapabilityModel().summarise(alone, totals, runs).items():
        if name in GAP_TABLES:
            pd.testing.assert_frame_equal(tables[name], frame, check_exact=True)


def test_gap_in_troops_units_and_money_from_the_supplement(prepared) -> None:
    """At the supplement's central counts: troops, brigades, equipment units, dollars, euros."""
    text = bundle_path("supplements", "us_capability.yaml").read_text(encoding="utf-8")
    forces = {f["id"]: f for f in yaml.safe_load(text)["us_forces"]}
    counts = {f"count_{k}": forces[k]["central"] for k in RAW["levers"]["capability"]["us_forces"]}
    values = counts | {"replacement_ratio": 1.0, "brigade_slice": 6_000}
    values |= {"unit_cost_destroyers_iiss": 2_000.0, "unit_cost_long_range_sam_iiss": 500.0}
    outputs, _ = run(prepared, runs=10, **values)
    troops = forces["personnel_stationed"]["central"] + forces["personnel_reinforcement"]["central"]
    assert troops == 300_000  # the study's 100,000 stationed and "up to 200,000" reinforcing
    np.testing.assert_allclose(outputs["capability.troops_needed"], troops)
    np.testing.assert_allclose(outputs["capability.brigades"], troops / 6_000)
    for force in ("combat_aircraft_iiss", "destroyers_iiss", "long_range_sam_iiss"):
        np.testing.assert_allclose(outputs[f"capability.units_{force}"], forces[force]["central"])
    # 20 destroyers at USD 2,000m and 24 fire units at USD 500m, both priced in 2024 dollars
    np.testing.assert_allclose(outputs["capability.acquisition_destroyers_iiss_bn"], 40.0)
    np.testing.assert_allclose(outputs["capability.acquisition_long_range_sam_iiss_bn"], 12.0)
    spending = pd.read_csv(bundle_path("spending.csv"))
    deu = spending.query("release == 'nato-2026-07' and iso3 == 'DEU' and year == 2024")
    rate = deu.set_index("measure")["value"]
    eur_per_usd = rate["nac_current_m"] / rate["usd_current_m"]
    usd, eur = outputs["capability.equipment_usd_bn"], outputs["capability.equipment_eur_bn"]
    np.testing.assert_allclose(eur, usd * eur_per_usd, rtol=1e-9)
    assert 0.85 < eur_per_usd < 1.0


def test_gap_tables_have_ordered_bands_in_troops_units_euros_and_dollars(nato) -> None:
    result = nato.simulate("us-withdrawal-2027", runs=2000, store=False)
    assert set(result.tables) >= GAP_TABLES
    assert not {"capability_gap", "capability_allies", "capability_context"} & set(result.tables)
    gap = result["gap"].set_index("output")
    assert (gap["p05"] <= gap["p50"]).all() and (gap["p50"] <= gap["p95"]).all()
    drawn = ["troops_needed", "brigades", "extra_spending_bn", "equipment_usd_bn"]
    assert (gap.loc[drawn, "p05"] < gap.loc[drawn, "p95"]).all()
    assert gap.loc["equipment_eur_bn", "unit"].startswith("EUR")
    assert gap.loc["extra_spending_bn", "unit"].startswith("USD")
    assert gap.loc["units_destroyers_iiss", "unit"] == "ships"
    # troops drawn 80,000-105,000 stationed plus 180,000-200,000 reinforcing, ratio 1-1.25
    assert gap.loc["troops_needed", "p05"] >= 260_000 and gap.loc["troops_needed", "p95"] <= 381_250
    assert "CAN" in set(result["allies"]["iso3"]) and "USA" not in set(result["allies"]["iso3"])
    from natolab.web.scenario_charts import charts

    drawn = {c.id: c.spec for c in charts(result.tables)}
    rows = {r["output"]: r for r in drawn["chart-gap"]["data"]["values"]}
    money = gap[gap["unit"].str.contains(" bn")]
    assert set(rows) == set(money.index) and "troops_needed" not in rows
    assert rows["equipment_eur_bn"]["p50"] == money.loc["equipment_eur_bn", "p50"]


def test_legal_path_and_crisis_do_not_depend_on_the_gap(nato) -> None:
    """A different capability lever changes the gap and nothing else, bit for bit."""
    a = nato.simulate(parse_scenario(RAW, "a"), runs=2000, store=False)
    b = nato.simulate(parse_scenario(variant(burden_rule="target"), "b"), runs=2000, store=False)
    for name in set(a.tables) - GAP_TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)
    assert not a["allies"]["extra_pp"].equals(b["allies"]["extra_pp"])


def test_the_retired_judgement_gap_is_refused_with_its_path(nato) -> None:
    data = copy.deepcopy(RAW)
    data["uncertainties"].append(
        {"name": "us_europe_spending_share", "distribution": "uniform",
         "bounds": {"lower": 0.1, "upper": 0.3}, "rationale": "r", "source": "judgement"}
    )  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        nato.simulate(parse_scenario(data, "old.yaml"), runs=100, store=False)
    problems = dict(err.value.problems)
    index = len(data["uncertainties"]) - 1
    assert "us_europe_spending_share is retired" in problems[f"uncertainties[{index}].name"]
    with pytest.raises(ScenarioError) as err:
        parse_scenario(RAW | {"levers": RAW["levers"] | {"fill_years": 10}}, "old.yaml")
    assert "retired" in dict(err.value.problems)["levers.fill_years"]
    without = copy.deepcopy(RAW)
    del without["levers"]["capability"]
    with pytest.raises(ScenarioError) as err:
        nato.simulate(parse_scenario(without, "none.yaml"), runs=100, store=False)
    assert "required" in dict(err.value.problems)["levers.capability"]


def test_crisis_rerun_has_no_us(prepared) -> None:
    outputs, tables = run(prepared)
    us = prepared.crisis.allies.index("USA")
    names = [c.name for c in prepared.crisis.cases]
    without = names.index("without_us")
    assert not outputs["crisis.support"][:, without, us].any()
    assert float(outputs["crisis.forces"][:, without, us].sum()) == 0.0
    consensus = tables["crisis_consensus"].set_index("case")["p_consensus"]
    assert consensus["without_us"] < consensus["with_us"]


def test_gates_show_both_paths(prepared) -> None:
    """sec. 1250A(a) has two routes: the Senate (2/3 of those present) and an Act of Congress."""
    gates = prepared.legal
    assert set(gates["path"]) == {"senate", "act_of_congress"}
    status = gates.set_index(["path", "gate"])["status"]
    assert status[("senate", "senate_advice_and_consent")] == "passed"
    assert status[("senate", "act_of_congress")] == "not_required"
    assert status[("act_of_congress", "act_of_congress")] == "passed"
    assert status[("act_of_congress", "senate_advice_and_consent")] == "not_required"
    senate = gates.query("path == 'senate' and gate == 'senate_advice_and_consent'")
    assert senate["detail"].str.startswith("67 yeas of 100").all()


def test_repealing_sec_1250a_makes_withdrawal_lawful_in_every_run(store: Store) -> None:
    """Model C takes the law from the rules layer, reforms included."""
    from natolab import Alliance
    from natolab.rules import repeal_sec_1250a
    from natolab.sim.simulate import simulate

    options = {"store": False, "runs": 1024, "block_runs": 1024}
    law = simulate(Alliance(on="2026-11-24", store=store), "us-withdrawal-2027", **options)
    repealed_nato = Alliance(on="2026-11-24", reforms=[repeal_sec_1250a()], store=store)
    repealed = simulate(repealed_nato, "us-withdrawal-2027", **options)
    assert law["legal"]["p_lawful"].iloc[0] < 0.9
    assert repealed["legal"]["p_lawful"].iloc[0] == 1.0


def test_the_crisis_half_is_the_crisis_levers_with_and_without_the_us() -> None:
    """The crisis half reads ``levers.crisis`` (model B's schema defaults when it is not
    given), run once with the US engaged and once with it gone."""
    from natolab.sim.levers import CrisisLevers, withdrawal_levers

    scenario = parse_scenario(
        {
            "name": "w", "family": "withdrawal", "horizon": {"start": 2027, "end": 2027},
            "levers": {"crisis": {"event": {"attacked": "LVA"}, "severity": 0.3}},
        }
    )  # fmt: skip
    crisis = crisis_levers(withdrawal_levers(scenario))
    assert isinstance(crisis, CrisisLevers)
    assert crisis.event.attacked == "LVA"
    assert crisis.severity == 0.3
    assert {name: case.us_stance for name, case in (crisis.cases or {}).items()} == {
        "with_us": "engaged",
        "without_us": "absent",
    }
    unset = crisis_levers(withdrawal_levers(scenario.model_copy(update={"levers": {}})))
    assert unset.event.attacked == "EST" and unset.severity == 0.5  # the schema's defaults


def test_cli_headline_is_the_legal_path_and_the_gap(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from natolab.cli.sim import app

    runner = CliRunner()
    ran = runner.invoke(
        app, ["run", "us-withdrawal-2027", "--runs", "1024", "--quiet", "--format", "json"]
    )
    assert ran.exit_code == 0, ran.output
    assert "p_lawful" in ran.output and "troops_needed" in ran.output
    assert "equipment_eur_bn" in ran.output and "gap_usd_m" not in ran.output
    data = copy.deepcopy(RAW)
    data["levers"]["fill_years"] = 10
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    exe = Path(sys.executable).with_name("natolab")  # the console script, as a user runs it
    refused = subprocess.run(
        [str(exe), "sim", "run", str(path), "--quiet"], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "levers.fill_years: retired" in refused.stderr and "Traceback" not in refused.stderr
