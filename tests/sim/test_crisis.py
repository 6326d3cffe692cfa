"""Model B: the Council's rule, the US stance, blockers, forces over time, mergeable outputs."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import natolab
from natolab.rules.council import decide as council_decide
from natolab.sim.models.crisis import CrisisModel, decide
from natolab.store import Store

RUNS = 20_000
BALTIC = {
    "event": {"attacked": "EST"},
    "adversary": "RUS",
    "severity": 0.8,
    "cases": {
        "engaged": {"us_stance": "engaged"},
        "ambivalent": {"us_stance": "ambivalent"},
        "no_us": {"us_stance": "absent"},
    },
}


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


def prepare(nato: natolab.Alliance, **levers: object):
    scenario = SimpleNamespace(levers={**BALTIC, **levers}, uncertainties=[])
    return CrisisModel().prepare(scenario, nato)


def run(prepared, runs: int = RUNS, seed: int = 7, draws: dict | None = None):
    model = CrisisModel()
    outputs = model.run_chunk(prepared, draws or {}, np.random.default_rng(seed), runs)
    return outputs, model.summarise(prepared, model.reduce(prepared, outputs), runs)


@pytest.fixture(scope="module")
def baltic(nato: natolab.Alliance):
    prepared = prepare(nato)
    return prepared, *run(prepared)


def test_estonia_consensus_higher_with_us_engaged_than_ambivalent(baltic) -> None:
    _, _, tables = baltic
    table = tables["consensus"].set_index("case")
    diff = table.loc["engaged", "p_consensus"] - table.loc["ambivalent", "p_consensus"]
    se = np.hypot(table.loc["engaged", "se"], table.loc["ambivalent", "se"])
    assert diff > 4 * se
    assert bool(table["article5"].all()) and bool(table["council_sought"].all())


def test_consensus_falls_when_one_allys_utility_drops(nato: natolab.Alliance) -> None:
    """Lower Hungary's earlier forces rate (with a positive weight): it blocks more often."""
    draws = {"beta_earlier_rate": np.full(RUNS, 1.0)}
    before = prepare(nato)
    after = prepare(nato)
    hun = after.allies.index("HUN")
    col = after.feature_names.index("earlier_rate")
    after.features[hun, col] -= 3.0
    _, base = run(before, draws=draws)
    _, worse = run(after, draws=draws)
    p0 = base["consensus"].set_index("case")["p_consensus"]
    p1 = worse["consensus"].set_index("case")["p_consensus"]
    assert (p1 < p0).all()
    hun0 = base["allies"].query("case == 'engaged' and iso3 == 'HUN'")["p_object"].item()
    hun1 = worse["allies"].query("case == 'engaged' and iso3 == 'HUN'")["p_object"].item()
    assert hun1 > hun0


def test_no_us_case_has_no_us(baltic) -> None:
    prepared, outputs, tables = baltic
    us = prepared.allies.index("USA")
    case = [c.name for c in prepared.cases].index("no_us")
    assert not outputs["support"][:, case, us].any()
    assert not outputs["object"][:, case, us].any()
    assert float(np.abs(outputs["forces"][:, case, us]).sum()) == 0.0
    ratio = tables["ratio"].set_index(["case", "day"])["mean"]
    assert ratio.loc[("no_us", 90)] < ratio.loc[("engaged", 90)]


def test_vectorised_rule_matches_the_rules_layer() -> None:
    """The vectorised Council decision agrees with natolab.rules.council.decide stance by stance."""
    from datetime import date

    from natolab.data.allies import members_on

    allies = list(members_on(date(2026, 11, 24))["iso3"])
    rng = np.random.default_rng(0)
    u = rng.normal(1.0, 1.5, size=(40, len(allies)))
    support, objecting = u > 0, u < -1.5
    ours = decide("consensus", support, objecting, len(allies))
    for r in range(len(u)):
        stances = {
            a: "support" if s else ("object" if o else "abstain")
            for a, s, o in zip(allies, support[r], objecting[r], strict=True)
        }
        verdict = council_decide("act", on="2026-11-24", stances=stances).outcome
        assert (verdict == "agreed") == bool(ours[r])
    assert 0 < ours.sum() < len(ours)


def test_forces_grow_over_time_and_decay_with_distance(baltic) -> None:
    prepared, _, tables = baltic
    land = tables["forces"].query("case == 'engaged' and category == 'land'")
    assert land["mean"].is_monotonic_increasing
    allies = tables["allies"].query("case == 'engaged'").set_index("iso3")
    assert allies.loc["LUX", "naval_day90_thousands"] == 0.0  # landlocked


HORMUZ = {"event": {"lat": 26.57, "lon": 56.25, "what": "vessel"}, "adversary": "IRN"}


def test_hormuz_is_outside_article6_so_a_coalition(nato: natolab.Alliance) -> None:
    """The rules layer, not a lever, says the Strait is outside the area: no Article 5, no NAC."""
    hosts = ["GBR", "ESP", "ITA", "DEU", "PRT", "TUR", "GRC", "ROU", "BGR", "FRA"]
    prepared = prepare(nato, **HORMUZ, access_hosts=hosts, cases={"us": {"us_stance": "engaged"}})
    outputs, tables = run(prepared, runs=2000)
    assert prepared.area is not None and prepared.area.basis == "rules"
    assert prepared.area.outcome == "not_covered" and not prepared.area.in_area
    assert not prepared.article5 and not prepared.council
    consensus = tables["consensus"]
    assert (consensus["article6"] == "not_covered").all()
    assert consensus[["p_consensus", "se", "mean_objectors"]].isna().all().all()
    assert tables["allies"]["p_object"].isna().all() and tables["blockers"].empty
    assert (outputs["access"] <= len(hosts)).all()
    assert not outputs["consensus"].any()
    because = tables["article6"].query("kind == 'because'")
    assert len(because) and because["citation"].str.contains("Art. 6").all()


def test_attack_on_estonia_is_covered_so_article5(baltic) -> None:
    prepared, _, tables = baltic
    assert prepared.area.outcome == "covered" and prepared.area.basis == "rules"
    assert prepared.article5 and prepared.council
    area = tables["article6"]
    verdict = area.query("kind == 'verdict'").iloc[0]
    assert verdict["in_article6_area"] and "Estonia" in verdict["text"]
    assert area.query("kind == 'because'")["citation"].str.contains("src-").all()
    assert tables["consensus"]["mean_objectors"].notna().all()


def test_territory_at_sea_names_the_lever(nato: natolab.Alliance) -> None:
    from natolab.errors import InputError

    with pytest.raises(InputError, match="levers.event"):
        prepare(nato, **{**HORMUZ, "event": {"lat": 26.57, "lon": 56.25, "what": "territory"}})


def test_article6_lever_is_an_explicit_override(nato: natolab.Alliance) -> None:
    prepared = prepare(nato, **HORMUZ, in_article6_area=True)
    assert prepared.article5 and prepared.council
    assert prepared.area.outcome == "not_covered"  # what the rules said stays on record
    assert prepared.area.basis == "override: levers.in_article6_area"


def test_reduce_is_mergeable(nato: natolab.Alliance) -> None:
    """Aggregates of two chunks add up to the aggregates of both chunks together."""
    prepared = prepare(nato)
    model = CrisisModel()
    a = model.run_chunk(prepared, {}, np.random.default_rng(1), 500)
    b = model.run_chunk(prepared, {}, np.random.default_rng(2), 700)
    both = {k: np.concatenate([a[k], b[k]]) for k in a}
    ra, rb, rboth = (model.reduce(prepared, x) for x in (a, b, both))
    for key in rboth:
        np.testing.assert_allclose(ra[key] + rb[key], rboth[key], rtol=1e-6)
    assert model.metric(prepared, a).shape == (500,)


def test_forces_and_access_are_separate_outcomes(nato: natolab.Alliance) -> None:
    """Access comes from its own utility: raising only the access intercept grants more access
    and leaves forces committed unchanged (same draws); support is forces or access."""
    prepared = prepare(nato, cases={"us": {"us_stance": "engaged"}})
    low = {"beta_access_intercept": np.full(5000, -3.0)}
    high = {"beta_access_intercept": np.full(5000, 3.0)}
    out_low, tab_low = run(prepared, runs=5000, draws=low)
    out_high, tab_high = run(prepared, runs=5000, draws=high)
    assert np.array_equal(out_low["contribute"], out_high["contribute"])
    assert tab_high["allies"]["p_access"].mean() > tab_low["allies"]["p_access"].mean() + 0.3
    for out in (out_low, out_high):
        assert np.array_equal(out["support"], out["contribute"] | out["grant"])
    access = tab_high["forces"].query("category == 'basing_overflight_logistics'")
    assert (access["mean"] > 0).all()


def test_operation_baseline_spread_moves_allies_together(nato: natolab.Alliance) -> None:
    """The per-operation baseline is drawn per run: with a wide spread, the number of allies
    committing forces varies more between runs than with none."""
    prepared = prepare(nato, cases={"us": {"us_stance": "engaged"}})
    wide = {"baseline_sd": np.full(5000, 3.0), "common_shock_sd": np.zeros(5000)}
    none = {"baseline_sd": np.zeros(5000), "common_shock_sd": np.zeros(5000)}
    spread = run(prepared, runs=5000, draws=wide)[0]["contribute"][:, 0].sum(axis=1).std()
    flat = run(prepared, runs=5000, draws=none)[0]["contribute"][:, 0].sum(axis=1).std()
    assert spread > 2 * flat


def test_attacked_ally_defends_itself_and_never_objects(baltic) -> None:
    """Estonia asks for help: it commits forces and never blocks, whatever its utilities (the
    fitted border term lowers a bordering ally's forces utility)."""
    prepared, outputs, tables = baltic
    est = prepared.allies.index("EST")
    assert prepared.requester[est] and prepared.requester.sum() == 1
    assert outputs["contribute"][:, :2, est].all()
    assert not outputs["object"][:, :, est].any()
    # other allies bordering Russia can still object in some runs
    lva = prepared.allies.index("LVA")
    assert outputs["object"][:, :, lva].any()
