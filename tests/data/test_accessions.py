"""The enlargement rounds (supplements/accessions.yaml) and Article 10's timing read from them.

Expected values come from the raw YAML, from allies.csv (an independent table), or are day
counts worked out by hand in the comments; the Article 10 durations are the ones natolab
published when they were parsed from events.yaml summaries (tests/rules/cases/accession.yaml).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts import load_accessions
from natolab.data.sources import known_ids, load_sources
from natolab.errors import FactsError
from natolab.rules import article10

FOUNDERS = {"BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"}


def raw_text() -> str:
    return bundle_path("supplements", "accessions.yaml").read_text("utf-8")


def raw() -> Any:
    return yaml.safe_load(raw_text())


def test_every_round_is_loaded_with_two_known_sources() -> None:
    rounds = load_accessions().rounds
    assert [r.id for r in rounds] == [r["id"] for r in raw()["rounds"]]
    for item in rounds:
        assert len(item.sources) >= 2, item.id
        assert set(item.source_ids) <= known_ids()
    assert {u for r in rounds for u in r.sources} <= set(load_sources()["url"])


def test_every_ally_after_1949_has_its_round_on_its_accession_day() -> None:
    allies = pd.read_csv(bundle_path("allies.csv"), keep_default_na=False)
    accessions = load_accessions()
    for iso3, joined in zip(allies["iso3"], allies["accession_date"], strict=True):
        found = accessions.round_of(iso3)
        if iso3 in FOUNDERS:
            assert found is None
        else:
            assert found is not None, iso3
            assert found.joined == dt.date.fromisoformat(joined), iso3
    assert len(allies) - len(FOUNDERS) == sum(len(r.invited) for r in accessions.rounds)


def test_dates_keep_the_precision_the_pages_give() -> None:
    accessions = load_accessions()
    prague = accessions.round("enlargement_2004").invitation
    assert prague is not None and prague.precision == "year"
    assert (prague.earliest, prague.latest) == (dt.date(2002, 1, 1), dt.date(2002, 12, 31))
    montenegro = accessions.round("montenegro_2017").protocol_signed
    assert montenegro is not None and montenegro.latest == dt.date(2016, 5, 31)
    assert accessions.round("enlargement_1999").invitation is None  # not recorded, not guessed


def test_article10_durations_are_the_published_ones() -> None:
    spans = {(s.stage, s.countries): s for s in article10.historical_spans()}
    # 2002 (any day) -> 2004-03-29: 89 days into 2004 + 365 (2003) = 454, + 364 more = 818
    assert spans[("invitation", ("BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN"))].shortest == 454
    assert spans[("invitation", ("BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN"))].longest == 818
    # April 2008 -> 2009-04-01: 336 to 365 days
    assert (
        spans[("invitation", ("ALB", "HRV"))].shortest,
        spans[("invitation", ("ALB", "HRV"))].longest,
    ) == (336, 365)
    assert spans[("invitation", ("FIN",))].days == 280  # 2022-06-28 -> 2023-04-04
    assert spans[("invitation", ("SWE",))].days == 618  # 2022-06-28 -> 2024-03-07
    assert spans[("protocol", ("MNE",))].days == 385  # May 2016 -> 2017-06-05: 370-400
    assert spans[("protocol", ("MKD",))].days == 415
    assert spans[("protocol", ("FIN",))].days == 273
    assert spans[("protocol", ("SWE",))].days == 611
    assert len(spans) == 8
    protocol = article10.distribution("protocol")
    assert (protocol["rounds"], protocol["median_days"]) == (4, 400.0)
    invitation = article10.distribution("invitation")
    assert (invitation["rounds"], invitation["median_days"]) == (4, 484.25)


def test_article10_cites_the_rounds_and_their_sources() -> None:
    (reason,) = article10._timing_reasons()
    assert "supplements/accessions.yaml" in reason.citation
    assert "finland_2023" in reason.text and "enlargement_1999" not in reason.text
    sweden = load_accessions().round("sweden_2024")
    assert set(sweden.source_ids) <= set(reason.source_ids)


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            "    protocol_signed: 2019-02-06\n",
            "    protocol_signed: 2021-02-06\n",
            "rounds.north_macedonia_2020.protocol_signed",
            "after joined",
        ),
        (
            "    invited: [MKD]\n",
            "    invited: [MNE]\n",
            "rounds.north_macedonia_2020.invited",
            "MNE also in montenegro_2017",
        ),
        (
            "    invited: [MKD]\n",
            "    invited: [Macedonia]\n",
            "rounds.north_macedonia_2020.invited[0]",
            "should match pattern",
        ),
        (
            "    joined: 2024-03-07\n",
            "    joined: 2023-03-07\n",
            "rounds.sweden_2024.joined",
            "before finland_2023",
        ),
        (
            "    invitation: 2008-04  # the Bucharest summit\n",
            "    invitation: April 2008\n",
            "rounds.enlargement_2009.invitation",
            "invalid date",
        ),
    ],
)
def test_malformed_rounds_are_refused_with_the_key(
    old: str, new: str, key: str, problem: str
) -> None:
    text = raw_text()
    assert text.count(old) == 1
    with pytest.raises(FactsError) as err:
        load_accessions(text.replace(old, new))
    assert err.value.key == key
    assert problem in err.value.problem


def test_a_round_with_one_source_is_refused() -> None:
    text = raw_text()
    one = "      - https://pelagon.de/?p=6481\n      - https://www.calendarz.com/amp/on-this-day/june/5/montenegro\n"
    assert text.count(one) == 1
    with pytest.raises(FactsError) as err:
        load_accessions(text.replace(one, ""))
    assert err.value.key == "rounds.montenegro_2017.sources"
