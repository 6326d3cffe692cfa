"""NATO's Secretaries General (natolab supplement): the typed loader against the raw YAML.

Expected values are read with yaml.safe_load from the bundled file, not through the loader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts import load_secretaries_general
from natolab.data.sources import load_sources, source_id_for_url
from natolab.errors import FactsError


def raw() -> Any:
    return yaml.safe_load(bundle_path("supplements", "secretaries_general.yaml").read_text("utf-8"))


def test_loader_parses_every_entry_of_the_real_file() -> None:
    expected = raw()["secretaries_general"]
    loaded = load_secretaries_general().secretaries_general
    assert [sg.id for sg in loaded] == [e["id"] for e in expected]
    assert len(loaded) == 14 and loaded[0].id == "ismay" and loaded[-1].id == "rutte"
    assert loaded[-1].end is None  # the incumbent
    for sg, e in zip(loaded, expected, strict=True):
        assert sg.iso3 == e["iso3"] and sg.start.earliest.isoformat().startswith(str(e["start"]))


def test_every_entry_has_two_sources_that_resolve() -> None:
    urls = set(load_sources()["url"])
    for sg in load_secretaries_general().secretaries_general:
        assert len(sg.sources) >= 2, sg.id
        assert set(sg.sources) <= urls
        assert {source_id_for_url(u) for u in sg.sources} == set(sg.source_ids)


def test_terms_follow_each_other_without_overlap() -> None:
    terms = load_secretaries_general().secretaries_general
    for before, after in zip(terms, terms[1:], strict=False):
        assert before.end is not None
        assert before.end.earliest <= after.start.latest, (before.id, after.id)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(1956, 1, 1), {"ismay"}),
        (dt.date(2001, 9, 12), {"robertson"}),  # Article 5 invoked under Lord Robertson
        (dt.date(2014, 10, 1), {"stoltenberg"}),
        (dt.date(2024, 10, 1), {"stoltenberg", "rutte"}),  # the handover day
        (dt.date(2026, 4, 8), {"rutte"}),
    ],
)
def test_who_was_in_office_on_a_day(day: dt.date, expected: set[str]) -> None:
    assert {sg.id for sg in load_secretaries_general().on(day)} == expected


def test_conflicts_are_kept() -> None:
    ismay = load_secretaries_general().secretary("ismay")
    assert "4 April 1952" in str(ismay.get("start_conflict"))


BAD_END = """
meta: {title: t}
secretaries_general:
  - {id: a, name: A, iso3: GBR, start: 1960-01-01, end: 1950-01-01, confidence: high,
     sources: [https://kids.kiddle.co/Secretary_General_of_NATO,
               https://simple.m.wikipedia.org/wiki/Secretary-General_of_NATO]}
"""
ONE_SOURCE = """
meta: {title: t}
secretaries_general:
  - {id: a, name: A, iso3: GBR, start: 1960-01-01, confidence: high,
     sources: [https://kids.kiddle.co/Secretary_General_of_NATO]}
"""


@pytest.mark.parametrize(
    ("text", "message"), [(BAD_END, "before the start"), (ONE_SOURCE, "sources")]
)
def test_malformed_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(FactsError, match=message):
        load_secretaries_general(text)
