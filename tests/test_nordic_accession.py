"""Finland's and Sweden's accession path (natolab supplement) against the raw YAML and allies.csv.

Expected values are read with yaml/pandas from the bundled files, not through the loader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts import load_nordic_accession
from natolab.data.sources import load_sources
from natolab.errors import FactsError


def raw() -> Any:
    return yaml.safe_load(bundle_path("supplements", "nordic_accession.yaml").read_text("utf-8"))


def test_loader_parses_every_step() -> None:
    loaded = load_nordic_accession().steps
    assert [s.id for s in loaded] == [s["id"] for s in raw()["steps"]]
    assert all(len(s.sources) >= 2 for s in loaded)
    assert {u for s in loaded for u in s.sources} <= set(load_sources()["url"])


def test_accession_days_agree_with_the_allies_table() -> None:
    allies = pd.read_csv(bundle_path("allies.csv")).set_index("iso3")
    record = load_nordic_accession()
    for iso3, step in (("FIN", "finland_joins"), ("SWE", "sweden_joins")):
        joined = record.step(step)
        assert joined.date.earliest == dt.date.fromisoformat(allies.loc[iso3, "accession_date"])


def test_who_held_up_whom_and_who_ratified_last() -> None:
    record = load_nordic_accession()
    assert record.held_up_by("SWE") == ("TUR", "HUN")
    last_fin, last_swe = record.last_ratification("FIN"), record.last_ratification("SWE")
    assert last_fin is not None and last_swe is not None
    assert (last_fin.actor, last_fin.date.earliest) == ("TUR", dt.date(2023, 3, 30))
    assert (last_swe.actor, last_swe.date.earliest) == ("HUN", dt.date(2024, 2, 26))
    hungary = record.step("hungary_ratifies_finland")
    assert "117" in str(hungary.get("votes_conflict"))  # the conflicting count is kept


OUT_OF_ORDER = """
meta: {title: t}
steps:
  - {id: b, date: 2023-01-01, candidates: [FIN], actor: HUN, action: ratified, summary: s,
     confidence: high, sources: [https://www.trtworld.com/article/16757177,
                                 https://www.shine.cn/news/world/2401260526/]}
  - {id: a, date: 2022-01-01, candidates: [FIN], actor: TUR, action: ratified, summary: s,
     confidence: high, sources: [https://www.trtworld.com/article/16757177,
                                 https://www.shine.cn/news/world/2401260526/]}
"""


def test_malformed_files_are_refused() -> None:
    with pytest.raises(FactsError, match="is before"):
        load_nordic_accession(OUT_OF_ORDER)
    with pytest.raises(FactsError, match="action"):
        load_nordic_accession(OUT_OF_ORDER.replace("action: ratified", "action: vetoed", 1))
