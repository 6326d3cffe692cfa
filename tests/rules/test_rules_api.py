"""The rules' contracts beyond single cases: explained results, JSON, data integrity, CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from natolab import rules
from natolab.cli.rules import app
from natolab.data.allies import load_allies
from natolab.data.facts import load_treaty
from natolab.data.sources import known_ids
from natolab.errors import InputError
from natolab.rules.gazetteer import gazetteer_places, state
from natolab.rules.result import RULE_OUTCOMES, Gate, Result

ON = date(2026, 6, 1)


def _results() -> list[Result]:
    return [
        rules.withdrawal("USA", notice="2027-01-20", senate_yeas=60, senators_present=100),
        rules.decide("x", on=ON, stances={"HUN": "object"}),
        rules.covered("Ceuta", on=ON),
        rules.article5("EST", on=ON, others="support"),
        rules.article4("POL", on=ON),
        rules.accede("UKR", on=ON),
        rules.troop_floor(70000, days_below=60, on=ON),
        rules.saceur(on=ON),
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda r: r.rule)
def test_no_bare_boolean_leaves_the_api(result: Result) -> None:
    """Outcomes are labels with reasons; no field of a result is a bool."""
    payload = result.to_dict()
    assert payload["outcome"] in RULE_OUTCOMES[payload["rule"]] and payload["because"]

    def walk(node: object) -> None:
        assert not isinstance(node, bool), f"bare boolean in {result.rule}"
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        if isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in payload.items()})
    json.dumps(payload)  # JSON-ready


@pytest.mark.parametrize("result", _results(), ids=lambda r: r.rule)
def test_every_cited_source_id_is_in_the_sources_list(result: Result) -> None:
    unknown = set(result.source_ids()) - known_ids()
    assert not unknown, unknown


def test_results_are_frozen() -> None:
    result = rules.saceur(on=ON)
    with pytest.raises(AttributeError):
        result.outcome = "other"  # type: ignore[misc]
    assert result.to_dict()["on"] == "2026-06-01" and result.outcome == "statutory_bar"


def test_gate_refuses_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="status"):
        Gate(name="g", who="who", rule="rule", status="maybe")


def test_every_ally_has_land_on_the_bundled_map() -> None:
    for code in load_allies()["iso3"]:
        assert state(code).sovereign == code


def test_gazetteer_holders_are_known_states_and_facts_resolve() -> None:
    keys = {e.place.split(" ")[0] for e in load_treaty().coverage_examples}
    for place in gazetteer_places():
        if place.kind != "sea":
            assert state(place.sovereign), place
        if place.fact:
            assert any(k.startswith(place.fact) for k in keys), place


def test_reforms_never_change_the_law_as_it_stands() -> None:
    before = rules.withdrawal("USA", notice="2027-01-20")
    rules.withdrawal("USA", notice="2027-01-20", reforms=["repeal_sec_1250A"])
    after = rules.withdrawal("USA", notice="2027-01-20")
    assert after == before and after.reforms == ()


def test_unknown_reform_suggests_the_name() -> None:
    with pytest.raises(InputError, match="shorter_notice"):
        rules.reform("shorter_notic")


runner = CliRunner(env={"COLUMNS": "200"})


def test_cli_withdraw_prints_outcome_gates_and_citations() -> None:
    out = runner.invoke(
        app,
        [
            "withdraw",
            "USA",
            "--notice",
            "2027-01-20",
            "--senate-yeas",
            "60",
            "--senators-present",
            "100",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "pending" in out.output and "67 needed" in out.output
    assert "src-d2d53664" in out.output and "22 U.S.C. 1928f" in out.output


def test_cli_json_is_the_result() -> None:
    out = runner.invoke(
        app, ["article6", "--place", "Canary Islands", "--format", "json", "--on", "2026-01-01"]
    )
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert (
        payload["outcome"] == "covered" and payload["values"]["clause"] == "island_north_atlantic"
    )


def test_cli_lat_lon_vessel_and_article5_and_accede() -> None:
    vessel = runner.invoke(
        app, ["article6", "--lat", "26.57", "--lon", "56.25", "--what", "vessel"]
    )
    assert vessel.exit_code == 0 and "not covered" in vessel.output
    art5 = runner.invoke(
        app, ["article5", "--attacked", "EST", "--object", "HUN", "--others", "support"]
    )
    assert art5.exit_code == 0 and "blocked" in art5.output
    accede = runner.invoke(app, ["accede", "UKR", "--format", "json"])
    assert json.loads(accede.output)["values"]["protocol_to_membership"]["rounds"] == 4


def test_cli_errors_are_natolab_errors() -> None:
    out = runner.invoke(app, ["article6", "--place", "Atlantis"])
    assert isinstance(out.exception, InputError)


def test_bound_rules_read_the_law_of_their_date() -> None:
    bound = rules.Rules(on=date(2023, 12, 21))
    assert bound.withdrawal("USA").values["us_statute_applies"] == "no"
    later = rules.Rules(on=date(2024, 1, 1), reforms=("repeal_sec_1250A",))
    result = later.withdrawal("USA", notice="2027-01-20")
    assert result.outcome == "effective" and result.reforms == ("repeal_sec_1250A",)
    assert later.covered("Canary Islands").outcome == "covered"
    assert rules.Rules(on=date(1951, 1, 1)).covered("Turkey").outcome == "not_covered"


def test_cli_bills_apply_a_reform_through_the_alliance() -> None:
    """H.R. 6508 enacted 2026-03-01: notice by 2026-03-31, exit a notice period later."""
    argv = ["bills", "--on", "2026-06-01", "--enacted", "2026-03-01", "--format", "json"]
    law = json.loads(runner.invoke(app, argv).output)
    what_if = json.loads(runner.invoke(app, [*argv, "--reform", "shorter_notice"]).output)
    assert law["dates"]["effective_if_notice_on_deadline"] == "2027-03-31"
    assert what_if["dates"]["effective_if_notice_on_deadline"] == "2026-09-30"  # 6 months
    assert (law["reforms"], what_if["reforms"]) == ([], ["shorter_notice"])
