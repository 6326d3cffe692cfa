"""Council episodes (natolab supplement) against the raw YAML, allies.csv and nordic_accession.

Expected values are read with yaml/pandas from the bundled files, not through the loader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts import load_council_episodes, load_nordic_accession
from natolab.data.sources import load_sources
from natolab.errors import FactsError


def raw() -> Any:
    return yaml.safe_load(bundle_path("supplements", "council_episodes.yaml").read_text("utf-8"))


def members(on: dt.date) -> set[str]:
    allies = pd.read_csv(bundle_path("allies.csv"))
    joined = pd.to_datetime(allies["accession_date"]).dt.date
    return set(allies.loc[joined <= on, "iso3"])


def test_every_episode_is_loaded_in_date_order_with_every_ally() -> None:
    episodes = load_council_episodes().all()
    assert {e.id for e in episodes} == {e["id"] for e in raw()["episodes"]}
    starts = [e.start.earliest for e in episodes]
    assert starts == sorted(starts)
    for episode in episodes:
        assert set(episode.positions) == members(episode.start.earliest), episode.id
        assert len(episode.sources) >= 2
        assert set(episode.sources) <= set(load_sources()["url"])


def test_turkey_2003_blocked_by_france_germany_belgium_not_coded_as_support() -> None:
    episode = load_council_episodes().episode("tur_2003_planning")
    assert set(episode.held_up_by()) == {"FRA", "DEU", "BEL"}
    assert len(episode.positions) == 19  # the allies of February 2003
    assert episode.positions["TUR"] == "supported"  # the requester
    assert episode.end.earliest == dt.date(2003, 2, 16)


def test_libya_germany_abstained_and_the_conflict_is_kept() -> None:
    record = load_council_episodes()
    episode = record.episode("lby_2011_command")
    assert set(episode.held_up_by()) == {"TUR", "FRA"}
    assert episode.positions["DEU"] == "abstained"
    compiled = next(e for e in record.episodes if e.id == "lby_2011_command")
    assert "Germany" in str(compiled.get("position_conflict"))


def test_accession_episodes_are_read_from_the_nordic_supplement() -> None:
    nordic = load_nordic_accession()
    for episode_id, candidate in (("fin_accession", "FIN"), ("swe_accession", "SWE")):
        episode = load_council_episodes().episode(episode_id)
        assert set(episode.held_up_by()) == set(nordic.held_up_by(candidate))
        steps = nordic.for_candidate(candidate)
        assert set(episode.sources) == {u for s in steps for u in s.sources}
        assert episode.end == steps[-1].date
    assert "sources" not in next(e for e in raw()["episodes"] if e["id"] == "swe_accession")


def test_hungary_2024_abstained_rather_than_objected() -> None:
    episode = load_council_episodes().episode("hun_2024_ukraine_support")
    assert episode.positions["HUN"] == "abstained" and episode.held_up_by() == ()


GOOD = """
meta: {title: t}
episodes:
  - id: a
    question: q
    start: 2019-01-01
    end: 2019-02-01
    forum: NAC
    positions: [{ally: TUR, position: objected}]
    others: supported
    others_basis: b
    outcome: o
    resolution: agreed
    confidence: high
    sources: [https://paralel.az/en/article/513691, https://rt.com/newsline/493591-nato-poland-baltics-turkey/amp]
"""


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("position: objected", "position: vetoed", "episodes.a.positions[0].position", "vetoed"),
        ("end: 2019-02-01", "end: 2018-02-01", "episodes.a.end", "before"),
        ("https://paralel.az/en/article/513691, ", "", "episodes.a.sources", "at least 2"),
    ],
)
def test_malformed_episodes_name_file_and_key(old: str, new: str, key: str, problem: str) -> None:
    assert old in GOOD
    with pytest.raises(FactsError) as caught:
        load_council_episodes(GOOD.replace(old, new))
    assert "council_episodes.yaml" in str(caught.value) and key in str(caught.value)
    assert problem in str(caught.value)


def test_a_position_for_a_non_ally_is_refused() -> None:
    text = GOOD.replace("ally: TUR", "ally: SWE")  # Sweden was not an ally in 2019
    with pytest.raises(FactsError, match="SWE not an ally"):
        load_council_episodes(text).all()
