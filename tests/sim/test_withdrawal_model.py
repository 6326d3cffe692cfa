"""Model C: the rules layer decides lawfulness, the gap follows the data, model B without the US."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import natolab
from natolab.rules.article13 import withdrawal
from natolab.sim.models.withdrawal import WithdrawalModel, crisis_scenario
from natolab.sim.scenario import Scenario
from natolab.store import Store

LEVERS = {"notice": "2027-07-01", "congress_notified": "2026-12-01", "senators_present": 100}
SCENARIO = Scenario(
    name="withdrawal-test", family="withdrawal", horizon={"start": 2027, "end": 2027}, levers=LEVERS
)


@pytest.fixture(scope="module")
def prepared(built_store_file: Path):
    nato = natolab.Alliance(on="2026-11-24", store=Store(built_store_file))
    return WithdrawalModel().prepare(SCENARIO, nato)


def run(prepared, runs: int = 4000, **values: float):
    draws = {k: np.full(runs, v) for k, v in values.items()}
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


def test_gap_follows_the_us_share_of_spending(prepared) -> None:
    outputs, tables = run(prepared, us_europe_spending_share=0.2)
    np.testing.assert_allclose(outputs["gap_usd_m"], 0.2 * prepared.us_spending_usd_m)
    share = tables["context"]["us_share_of_alliance_spending"].item()
    assert 0.5 < share < 0.8  # the US is about two-thirds of allied spending in the data
    assert tables["gap"].set_index("output").loc["gap_pct_gdp", "mean"] > 0


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


def test_the_crisis_half_is_a_crisis_scenario_of_its_own() -> None:
    """The crisis re-run is a validated crisis Scenario: the lever's event (Estonia when none is
    given), run once with the US engaged and once with it gone, without the withdrawal's own
    uncertainties (a crisis model would refuse them)."""
    from natolab.sim.scenario import parse_scenario

    scenario = parse_scenario(
        {
            "name": "w", "family": "withdrawal", "horizon": {"start": 2027, "end": 2027},
            "levers": {"crisis": {"event": {"attacked": "LVA"}, "severity": 0.5}},
            "uncertainties": [{"name": "senate_yea_share", "distribution": "uniform",
                               "bounds": {"lower": 0.3, "upper": 0.6}, "rationale": "r",
                               "source": "s"}],
        }
    )  # fmt: skip
    crisis = crisis_scenario(scenario)
    assert isinstance(crisis, Scenario)
    assert crisis.family == "crisis"
    assert crisis.uncertainties == []
    assert crisis.levers["event"] == {"attacked": "LVA"}
    assert crisis.levers["severity"] == 0.5
    assert crisis.levers["cases"] == {
        "with_us": {"us_stance": "engaged"},
        "without_us": {"us_stance": "absent"},
    }
    assert crisis_scenario(SCENARIO).levers["event"] == {"attacked": "EST"}
