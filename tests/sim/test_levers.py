"""The crisis and withdrawal levers: validated once, defaults declared only in the schema.

Expected values are the documented defaults written out here (docs/simulation.md), not read back
from the schema, so a changed default in the schema fails a test.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import natolab
from natolab.sim.levers import CrisisLevers, CrisisParameters, WithdrawalLevers
from natolab.sim.models import crisis, crisis_area, withdrawal
from natolab.sim.models.crisis import CrisisModel
from natolab.sim.models.withdrawal import WithdrawalModel
from natolab.sim.scenario import ScenarioError, load_scenario, parse_scenario, resolve_path
from natolab.store import Store

#: Model B's documented fixed values (docs/simulation.md: the centres of the declared ranges)
CRISIS_PARAMETERS = {
    "severity_weight": 2.0,
    "us_follow_weight": 2.0,
    "us_self_weight": 4.0,
    "common_shock_sd": 0.5,
    "block_margin": 2.5,
    "deployable_share": 0.1,
    "generation_days": 20.0,
    "distance_decay_km": 4000.0,
    "quality_elasticity": 0.5,
    "adversary_force_thousands": 100.0,
    "coalition_factor": 0.6,
}


def crisis_scenario(levers: dict[str, Any], uncertainties: list[Any] | None = None) -> Any:
    return parse_scenario(
        {
            "name": "t",
            "family": "crisis",
            "horizon": {"start": 2026, "end": 2026},
            "levers": levers,
            "uncertainties": uncertainties or [],
        }
    )


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


@pytest.fixture(scope="module")
def bare(nato: natolab.Alliance) -> crisis.CrisisPrepared:
    """A crisis file that omits every optional lever."""
    return CrisisModel().prepare(crisis_scenario({}), nato)


def run(prepared: crisis.CrisisPrepared, runs: int = 2000, draws: dict | None = None):
    model = CrisisModel()
    outputs = model.run_chunk(prepared, draws or {}, np.random.default_rng(11), runs)
    return model.summarise(prepared, model.reduce(prepared, outputs), runs)


def test_a_crisis_without_levers_runs_on_the_schemas_defaults(bare) -> None:
    assert list(bare.days) == [7.0, 30.0, 90.0]
    assert bare.severity == 0.5
    assert bare.event == "EST"
    assert list(np.array(bare.allies)[bare.requester]) == ["EST"]
    assert [(c.name, c.us_engagement, bool(c.present.all())) for c in bare.cases] == [
        ("base", 1.0, True)
    ]
    assert bare.access_hosts.all()  # every ally's access counts
    assert bare.area is not None and bare.area.basis == "rules"  # no override
    assert bare.article5 and bare.council  # Estonia is covered: both from the rules
    for name, value in CRISIS_PARAMETERS.items():
        assert bare.defaults[name] == value, name
    coastal, landlocked = bare.allies.index("POL"), bare.allies.index("HUN")
    np.testing.assert_allclose(bare.split[coastal], [0.5, 0.2, 0.2, 0.1])
    np.testing.assert_allclose(bare.split[landlocked], [0.7, 0.2, 0.0, 0.1])
    tables = run(bare)
    assert list(tables["consensus"]["case"]) == ["base"]
    assert sorted(tables["ratio"]["day"].unique()) == [7, 30, 90]


def test_the_models_keep_no_defaults_of_their_own() -> None:
    """Every fixed value the crisis model reads is a field of the parameters' schema (with a
    description of its basis), and the models keep no raw-dict fallback for a lever."""
    assert set(CrisisParameters.model_fields) == set(CRISIS_PARAMETERS)
    for schema in (CrisisParameters, CrisisLevers, WithdrawalLevers):
        for name, info in schema.model_fields.items():
            assert info.description or name in ("fill_years", "year"), name
    for module in (crisis, crisis_area, withdrawal):
        source = inspect.getsource(module)
        assert "levers.get(" not in source and "_lever(" not in source, module.__name__
        assert "DEFAULTS" not in source and "DEFAULT_SPLIT" not in source, module.__name__


def test_the_model_needs_validated_levers_not_a_dict(nato: natolab.Alliance) -> None:
    with pytest.raises(TypeError, match="validated CrisisLevers.*not dict"):
        CrisisModel().prepare_levers({"event": {"attacked": "EST"}}, nato)  # type: ignore[arg-type]


def test_a_scenario_fixes_a_parameter_under_levers_parameters(nato, bare) -> None:
    half = CrisisModel().prepare(
        crisis_scenario({"parameters": {"adversary_force_thousands": 50}}), nato
    )
    assert half.defaults["adversary_force_thousands"] == 50.0
    base, halved = run(bare)["ratio"], run(half)["ratio"]  # same seed: same forces
    np.testing.assert_allclose(halved["mean"], 2 * base["mean"], rtol=1e-12)
    drawn = run(half, draws={"adversary_force_thousands": np.full(2000, 100.0)})["ratio"]
    np.testing.assert_allclose(drawn["mean"], base["mean"], rtol=1e-12)  # a draw wins


def test_cases_fall_back_to_the_top_level_stance_and_exclusions(nato) -> None:
    levers = {
        "us_stance": "ambivalent",
        "exclude": ["FRA"],
        "cases": {"inherit": {}, "own": {"us_stance": "engaged", "exclude": []}},
    }
    prepared = CrisisModel().prepare(crisis_scenario(levers), nato)
    inherit, own = prepared.cases
    fra = prepared.allies.index("FRA")
    assert inherit.us_engagement == 0.5 and not inherit.present[fra]
    assert own.us_engagement == 1.0 and own.present.all()


def problems(levers: dict[str, Any], family: str = "crisis") -> dict[str, str]:
    data = {"name": "t", "family": family, "horizon": {"start": 2026, "end": 2026}}
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data | {"levers": levers})
    return dict(info.value.problems)


def test_bad_parameters_and_split_are_listed_with_their_levers_paths() -> None:
    found = problems(
        {
            "parameters": {"block_margn": 1.0, "deployable_share": 0},
            "category_split": {"land": 2, "sea": 0.1},
        }
    )
    assert found["levers.parameters.block_margn"] == "Extra inputs are not permitted"
    assert "greater than 0" in found["levers.parameters.deployable_share"]
    assert "less than or equal to 1" in found["levers.category_split.land"]
    assert found["levers.category_split.sea"] == "Extra inputs are not permitted"
    zero = {"land": 0, "air": 0, "naval": 0, "isr_enablers": 0}
    assert "above 0" in problems({"category_split": zero})["levers.category_split"]
    found = problems({"parameters": {"senate_yea_share": 1.5}}, family="withdrawal")
    assert "less than or equal to 1" in found["levers.parameters.senate_yea_share"]


def test_an_uncertainty_the_crisis_model_does_not_read_is_refused(nato) -> None:
    typo = {
        "name": "block_margn",
        "distribution": "uniform",
        "bounds": {"lower": 1, "upper": 2},
        "rationale": "r",
        "source": "s",
    }
    with pytest.raises(ScenarioError) as info:
        CrisisModel().prepare(crisis_scenario({}, [typo]), nato)
    assert dict(info.value.problems) == {
        "uncertainties[0].name": "unknown parameter 'block_margn' for family crisis"
    }


def test_a_withdrawal_without_optional_levers_runs_on_the_schemas_defaults(nato) -> None:
    raw = yaml.safe_load(resolve_path("us-withdrawal-2027").read_text(encoding="utf-8"))
    scenario = parse_scenario(raw | {"levers": {"capability": raw["levers"]["capability"]}})
    prepared = WithdrawalModel().prepare(scenario, nato)
    assert prepared.senators_present == 100
    assert prepared.needed_yeas == 67  # two-thirds of the full Senate
    dates = prepared.legal.query("path == 'senate'").iloc[0]
    assert dates["date_notice"] == "2027-01-20"
    assert prepared.defaults["senate_yea_share"] == 0.45
    assert prepared.defaults["senate_vote_noise"] == 3.0
    assert prepared.defaults["p_act_of_congress"] == 0.05
    assert prepared.crisis.event == "EST" and prepared.crisis.severity == 0.5
    assert [c.name for c in prepared.crisis.cases] == ["with_us", "without_us"]


def test_levers_that_skipped_the_file_check_are_refused_where_the_model_prepares(nato) -> None:
    """A Scenario built in Python (no file check) meets the same schema in ``prepare``."""
    from natolab.sim.scenario import Scenario

    scenario = Scenario.model_validate(
        {
            "name": "py",
            "family": "crisis",
            "horizon": {"start": 2026, "end": 2026},
            "levers": {"severity": 2, "dayz": [1]},
        }
    )
    with pytest.raises(ScenarioError) as info:
        CrisisModel().prepare(scenario, nato)
    found = dict(info.value.problems)
    assert set(found) == {"levers.severity", "levers.dayz"}
    assert info.value.source == "py"


def test_results_list_each_parameter_as_drawn_or_fixed_with_its_basis(bare, nato) -> None:
    table = run(bare)["parameters"].set_index("parameter")
    assert not table["drawn"].any()
    assert table.loc["block_margin", "fixed_value"] == 2.5
    assert "IRAQ_2003" in table.loc["block_margin", "basis"]
    assert table.loc["generation_days", "basis"].endswith("Judgement")
    assert table.loc["beta_log_size", "basis"].startswith("calibrated")
    declared = [u.name for u in load_scenario("baltic-article5").uncertainties]
    assert set(CRISIS_PARAMETERS) <= set(declared)  # the bundled file draws every one
    prepared = CrisisModel().prepare(load_scenario("baltic-article5"), nato)
    table = run(prepared)["parameters"].set_index("parameter")
    assert table.loc[declared, "drawn"].all() and table.loc[declared, "fixed_value"].isna().all()


def test_the_docs_list_every_fixed_value_the_schema_declares() -> None:
    """docs/simulation.md's table of fixed values matches the schema, row by row."""
    from natolab.sim.levers import WithdrawalParameters

    docs = Path(__file__).parents[2] / "docs" / "simulation.md"
    section = docs.read_text(encoding="utf-8").split("### Defaults and fixed values")[1]
    rows = {
        line.split("|")[1].strip(" `"): line.split("|")[2].strip()
        for line in section.split("\n#")[0].splitlines()
        if line.startswith("| `")
    }
    for schema in (CrisisParameters, WithdrawalParameters):
        for name, info in schema.model_fields.items():
            assert float(rows[name]) == info.default, name


def test_the_us_follow_weight_counts_what_the_operations_data_hold() -> None:
    """The judgement's stated reason is a count of the data: it must move when the data do."""
    import re

    from natolab.data.facts.operations import outcomes
    from natolab.sim.levers import CrisisParameters

    text = CrisisParameters.model_fields["us_follow_weight"].description or ""
    said = re.search(r"(\d+) of the (\d+) operations where its answer is known", text)
    assert said, text
    rows = outcomes()
    with_forces = rows.groupby("operation_id")["forces"].apply(lambda s: s.notna().any())
    us = rows[(rows.iso3 == "USA") & rows.operation_id.isin(with_forces[with_forces].index)]
    known = us["forces"].dropna()
    assert (int(said[1]), int(said[2])) == (int((known > 0).sum()), len(known))
