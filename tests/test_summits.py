"""NATO summits 1957-2021 (natolab supplement): the typed loader against the raw YAML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts import load_events, load_summits
from natolab.data.sources import load_sources
from natolab.errors import FactsError


def raw() -> Any:
    return yaml.safe_load(bundle_path("supplements", "summits.yaml").read_text("utf-8"))


def test_loader_parses_every_summit_with_two_sources() -> None:
    loaded = load_summits().summits
    assert [s.id for s in loaded] == [s["id"] for s in raw()["summits"]]
    assert len(loaded) == 32 and loaded[0].start.earliest == dt.date(1957, 12, 16)
    assert all(len(s.sources) >= 2 for s in loaded)
    assert {u for s in loaded for u in s.sources} <= set(load_sources()["url"])


def test_disputed_days_stay_at_month_precision_with_the_conflict() -> None:
    summits = load_summits()
    brussels = summits.summit("brussels_2005")
    assert brussels.start.precision == "month"
    assert "22 February" in str(brussels.get("conflict"))
    assert {s.id for s in summits.in_year(1997)} == {"paris_1997", "madrid_1997"}
    assert summits.summit("strasbourg_kehl_2009").hosts == ("FRA", "DEU")


def test_later_summits_are_in_the_events_and_do_not_overlap() -> None:
    last = load_summits().summits[-1]
    later = [e for e in load_events().events if e.type == "summit"]
    wales = next(e for e in later if e.id == "wales_summit")
    newport = load_summits().summit("newport_2014")
    assert wales.start == newport.start.earliest  # the two records agree where they meet
    assert last.start.earliest < dt.date(2022, 1, 1)


def test_malformed_files_are_refused() -> None:
    bad = """
meta: {title: t}
summits:
  - {id: a, start: 1960-01-02, end: 1960-01-01, hosts: [FRA], city: Paris, confidence: high,
     sources: [https://howlingpixel.com/i-en/NATO_summit, https://infogalactic.com/info/NATO_summit]}
"""
    with pytest.raises(FactsError, match="before the start"):
        load_summits(bad)
    with pytest.raises(FactsError, match="hosts"):
        load_summits(bad.replace("hosts: [FRA]", "hosts: []"))
