"""Model B's objection outcome: records from earlier episodes only, hold rates, the Council gate."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import yaml

import natolab
from natolab.data.bundle import bundle_path
from natolab.data.facts import load_council_episodes
from natolab.sim.models import crisis_council as cc
from natolab.sim.models.crisis import CrisisModel
from natolab.store import Store


def raw() -> Any:
    return yaml.safe_load(bundle_path("supplements", "council_episodes.yaml").read_text("utf-8"))


def test_records_come_from_earlier_episodes_only() -> None:
    episodes = load_council_episodes().all()
    rows = cc.episode_rows(episodes).set_index(["episode", "iso3"])
    assert not rows.loc["tur_2003_planning", "record"].any()  # nothing earlier
    assert "TUR" not in rows.loc["tur_2003_planning"].index  # the requester is not at risk
    libya = rows.loc["lby_2011_command"]
    assert libya.loc["FRA", "record"] and libya.loc["DEU", "record"]
    assert not libya.loc["TUR", "record"] and libya.loc["TUR", "held"]
    assert not libya.loc["DEU", "held"]  # abstained: not a hold
    without_libya = tuple(e for e in episodes if e.id != "lby_2011_command")
    left_out = cc.episode_rows(without_libya).set_index(["episode", "iso3"])
    assert rows.loc[("tur_2019_baltic_plans", "TUR"), "record"]
    assert not left_out.loc[("tur_2019_baltic_plans", "TUR"), "record"]  # no leak of Libya


def test_rates_are_the_beta_posterior_of_the_counts() -> None:
    rows = cc.episode_rows(load_council_episodes().all())
    counts = rows.groupby("record")["held"].agg(["sum", "count"])
    rates = cc.fit(rows)
    for group in (False, True):
        k, n = counts.loc[group, "sum"], counts.loc[group, "count"]
        assert rates.mean()[int(group)] == pytest.approx((k + 0.5) / (n + 1.0))
    assert rates.mean()[1] > 3 * rates.mean()[0]  # a record makes a hold far likelier


def test_allies_with_a_record_are_the_ones_the_yaml_names() -> None:
    named = {p["ally"] for e in raw()["episodes"] for p in e.get("positions", [])}
    held = {
        p["ally"]
        for e in raw()["episodes"]
        for p in e.get("positions", [])
        if p["position"] in ("objected", "delayed")
    }
    assert held <= named
    allies = ["TUR", "HUN", "FRA", "DEU", "BEL", "USA", "EST", "POL"]
    assert cc.record(allies).tolist() == [a in held for a in allies]


def test_hold_draws_match_the_posterior_means() -> None:
    allies = ["TUR", "HUN", "USA", "EST"]
    hold = cc.holds(allies, np.random.default_rng(5), 40_000)
    mean = cc.fit(cc.episode_rows(load_council_episodes().all())).mean()
    assert hold[:, :2].mean() == pytest.approx(mean[1], abs=0.01)
    assert hold[:, 2:].mean() == pytest.approx(mean[0], abs=0.005)


def test_no_objection_unless_someone_contests() -> None:
    opposed = np.array([[False, False, False], [False, True, False]])
    hold = np.array([[True, False, True], [True, False, False]])
    assert cc.objections(opposed, hold).tolist() == [[False] * 3, [True, False, False]]


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


def test_crisis_blockers_are_the_allies_with_a_record(nato: natolab.Alliance) -> None:
    levers = {"event": {"attacked": "EST"}, "adversary": "RUS", "severity": 0.8}
    model = CrisisModel()
    prepared = model.prepare(SimpleNamespace(levers=levers, uncertainties=[]), nato)
    outputs = model.run_chunk(prepared, {}, np.random.default_rng(11), 20_000)
    tables = model.summarise(prepared, model.reduce(prepared, outputs), 20_000)
    p = tables["allies"].set_index("iso3")["p_object"]
    with_record = p[["TUR", "HUN", "FRA", "DEU", "BEL"]]
    others = p.drop(with_record.index)
    assert with_record.min() > 2 * others.max()
    consensus = tables["consensus"]["p_consensus"].iloc[0]
    assert consensus == pytest.approx(outputs["consensus"][:, 0].mean())
