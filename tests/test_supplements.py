"""natolab's own supplements: the Article 4 requests compiled from stored public pages.

Expected values are read from the YAML with yaml.safe_load and from SOURCES.md, not from
natolab's code; the counts come from the pages cited under ``counts``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.allies import members_on
from natolab.data.bundle import bundle_path, bundle_root
from natolab.data.facts import load_article4_requests
from natolab.data.sources import load_sources, resolve_all
from natolab.errors import FactsError, InputError

ROOT = Path(__file__).resolve().parents[1]
FILE = "supplements/article4_requests.yaml"


def text() -> str:
    return bundle_path("supplements", "article4_requests.yaml").read_text(encoding="utf-8")


def raw() -> Any:
    return yaml.safe_load(text())


def test_loader_parses_the_real_file() -> None:
    record = load_article4_requests()
    expected = raw()["requests"]
    assert [r.id for r in record.requests] == [e["id"] for e in expected]
    for parsed, entry in zip(record.requests, expected, strict=True):
        assert parsed.date.text == str(entry["date"])
        assert list(parsed.requesters) == entry["requesters"]
        assert parsed.urls == tuple(entry["sources"])
        assert parsed.single_source is entry["single_source"]
    joint = record.request("eastern_allies_2022_invasion")
    assert set(joint.requesters) == {"BGR", "CZE", "EST", "LVA", "LTU", "POL", "ROU", "SVK"}
    assert record.request("tur_2012_06_jet").date.precision == "month"
    assert "date_conflict" in record.request("tur_2012_06_jet").caveats
    assert [r.id for r in record.by("EST")] == ["eastern_allies_2022_invasion", "est_2025_airspace"]
    with pytest.raises(InputError, match="tur_2003_iraq"):
        record.request("nope")


def test_every_entry_cites_pages_and_single_source_is_honest() -> None:
    for entry in raw()["requests"]:
        assert entry["sources"], entry["id"]
        assert entry["single_source"] is (len(entry["sources"]) == 1), entry["id"]
        assert entry["confidence"] in {"high", "medium", "low"}


def test_requesters_were_allies_when_they_asked() -> None:
    for r in load_article4_requests().requests:
        members = set(members_on(r.date.latest)["iso3"])
        assert set(r.requesters) <= members, r.id


def test_published_counts_match_the_entries() -> None:
    """NATO's 2023 page counts seven invocations, reports of November 2025 nine."""
    record = load_article4_requests()
    assert [(c.as_of.text, c.invocations) for c in record.counts] == [
        (str(c["as_of"]), c["invocations"]) for c in raw()["counts"]
    ]
    for count in record.counts:
        made = [r for r in record.requests if r.date.latest <= count.as_of.earliest]
        assert len(made) == count.invocations, count.id


def test_every_url_resolves_in_sources_csv() -> None:
    frame = load_sources().set_index("source_id")
    record = load_article4_requests()
    for _, fact in record.facts():
        for url, sid in zip(fact.urls, fact.source_ids, strict=True):
            assert sid == "src-" + hashlib.sha1(url.encode()).hexdigest()[:8]
            assert frame.loc[sid, "url"] == url
            assert frame.loc[sid, "dataset"] in {"supplements", "facts"}
        assert {s.source_id for s in resolve_all(fact.source_ids)} == set(fact.source_ids)
    assert (frame["dataset"] == "supplements").sum() >= 20


def test_sources_md_lists_every_cited_url_with_its_id() -> None:
    md = bundle_path("supplements", "SOURCES.md").read_text(encoding="utf-8")
    rows = dict(
        (url, sid) for sid, url in re.findall(r"^\| (src-[0-9a-f]{8}) \| <([^>]+)>", md, re.M)
    )
    cited = {u for e in raw()["requests"] + raw()["counts"] for u in e["sources"]}
    capability = yaml.safe_load(bundle_path("supplements", "us_capability.yaml").read_text("utf-8"))
    facts = capability["us_forces"] + capability["cost_factors"] + capability["unit_costs"]
    facts += capability["production_rates"]
    facts += [f for s in capability["studies"] for f in s["figures"]]
    cited |= {u for fact in facts for u in fact["sources"]}
    corrections = yaml.safe_load(
        bundle_path("supplements", "corrections.yaml").read_text(encoding="utf-8")
    )
    cited |= {u for fix in corrections["corrections"] for u in fix["sources"]}
    secretaries = yaml.safe_load(
        bundle_path("supplements", "secretaries_general.yaml").read_text(encoding="utf-8")
    )
    cited |= {u for sg in secretaries["secretaries_general"] for u in sg["sources"]}
    nordic = yaml.safe_load(
        bundle_path("supplements", "nordic_accession.yaml").read_text(encoding="utf-8")
    )
    cited |= {u for step in nordic["steps"] for u in step["sources"]}
    summits = yaml.safe_load(bundle_path("supplements", "summits.yaml").read_text(encoding="utf-8"))
    cited |= {u for summit in summits["summits"] for u in summit["sources"]}
    extension = yaml.safe_load(
        bundle_path("supplements", "operations_extension.yaml").read_text(encoding="utf-8")
    )
    cited |= {u for decision in extension["decisions"] for u in decision["sources"]}
    cited |= {u for op in extension["operations"] for u in op["sources"]}
    cited |= {u for r in extension["rosters"] for row in r["rows"] for u in row["sources"]}
    council = yaml.safe_load(
        bundle_path("supplements", "council_episodes.yaml").read_text(encoding="utf-8")
    )
    cited |= {u for e in council["episodes"] for u in e.get("sources", [])}
    baltic = yaml.safe_load(bundle_path("supplements", "baltic_forces.yaml").read_text("utf-8"))
    baltic_facts = baltic["forces"] + baltic["distances"]
    baltic_facts += [f for s in baltic["studies"] for f in s["figures"]]
    cited |= {u for fact in baltic_facts for u in fact["sources"]}
    assert set(rows) == cited
    for url, sid in rows.items():
        assert sid == "src-" + hashlib.sha1(url.encode()).hexdigest()[:8]


def test_supplements_are_in_the_manifest() -> None:
    manifest = (bundle_root() / "MANIFEST.sha256").read_text(encoding="utf-8")
    for name in (
        "article4_requests.yaml",
        "us_capability.yaml",
        "baltic_forces.yaml",
        "SOURCES.md",
    ):
        assert re.search(rf"^[0-9a-f]{{64}}  supplements/{re.escape(name)}$", manifest, re.M)


# ---------------------------------------------------------------- malformed input

FIRST = "tur_2003_iraq"


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            "    date: 2003-02-10\n",
            "    date: 10 Feb 2003\n",
            f"requests.{FIRST}.date",
            "invalid date",
        ),
        (
            "    requesters: [TUR]\n",
            "    requesters: [Turkey]\n",
            f"requests.{FIRST}.requesters[0]",
            "pattern",
        ),
        (
            "    requesters: [TUR]\n",
            "    requesters: []\n",
            f"requests.{FIRST}.requesters",
            "at least 1",
        ),
        (
            "    requesters: [TUR]\n",
            "    requesters: [TUR, TUR]\n",
            f"requests.{FIRST}.requesters",
            "twice",
        ),
        (
            "    confidence: high\n",
            "    confidence: sure\n",
            f"requests.{FIRST}.confidence",
            "high",
        ),
        (
            "    meeting_date: 2003-02-10\n",
            "    meeting_date: 2003-02-01\n",
            f"requests.{FIRST}.meeting_date",
            "before",
        ),
        (
            "      - https://www.nato.int/docu/pr/2003/p030216e.htm\n",
            "      - https://example.org/made-up\n",
            f"requests.{FIRST}.sources",
            "unknown source",
        ),
        (
            "      - https://www.nato.int/docu/pr/2003/p030216e.htm\n",
            "      - not a url\n",
            f"requests.{FIRST}.sources[1]",
            "not a URL",
        ),
        (
            "  - id: tur_2012_06_jet\n    date: 2012-06\n",
            "  - id: tur_2012_06_jet\n    date: 2001-06\n",
            "requests.tur_2012_06_jet.date",
            "before tur_2003_iraq",
        ),
        ("  - id: tur_2012_06_jet\n", f"  - id: {FIRST}\n", f"requests.{FIRST}", "duplicated id"),
        (
            "    invocations: 7\n",
            "    invocations: seven\n",
            "counts.nato_2023.invocations",
            "integer",
        ),
    ],
)
def test_malformed_entries_name_file_and_key(old: str, new: str, key: str, problem: str) -> None:
    original = text()
    assert old in original
    with pytest.raises(FactsError) as err:
        load_article4_requests(original.replace(old, new, 1))
    assert err.value.file == FILE
    assert err.value.key == key
    assert problem in err.value.problem


def test_missing_sources_and_trigger_are_refused() -> None:
    original = text()
    no_sources = re.sub(
        r"(  - id: tur_2003_iraq\n(?:    .*\n|      .*\n)*?)    sources:\n(      - .*\n)+",
        r"\1",
        original,
        count=1,
    )
    with pytest.raises(FactsError) as err:
        load_article4_requests(no_sources)
    assert err.value.key == f"requests.{FIRST}.sources"
    no_trigger = original.replace("    trigger: Syrian air defences shot down", "    trig: x", 1)
    with pytest.raises(FactsError) as err:
        load_article4_requests(no_trigger)
    assert err.value.key == "requests.tur_2012_06_jet.trigger"
    assert err.value.problem == "missing required key"


def test_malformed_file_given_as_path(tmp_path: Path) -> None:
    path = tmp_path / "article4_requests.yaml"
    path.write_text(text().replace("requesters: [EST]", "requesters: EST"), encoding="utf-8")
    with pytest.raises(FactsError) as err:
        load_article4_requests(path)
    assert err.value.key == "requests.est_2025_airspace.requesters"


# ---------------------------------------------------------------- the build


def _bundle_sources_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bundle_sources", ROOT / "scripts" / "bundle_sources.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_gives_every_supplement_url_a_row(tmp_path: Path, capsys: Any) -> None:
    files = tmp_path / "files"
    shutil.copytree(bundle_root(), files)
    md = files / "supplements" / "SOURCES.md"
    lines = md.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(ln for ln in lines if ln.startswith("| src-"))
    md.write_text("".join(ln for ln in lines if ln != dropped), encoding="utf-8")
    _bundle_sources_module().build_sources(files)
    rebuilt = pd.read_csv(files / "sources.csv", keep_default_na=False).set_index("source_id")
    sid, url = re.match(r"\| (src-[0-9a-f]{8}) \| <([^>]+)>", dropped).groups()  # type: ignore[union-attr]
    assert rebuilt.loc[sid, "url"] == url
    assert rebuilt.loc[sid, "dataset"] == "supplements"
    assert "not in SOURCES.md" in rebuilt.loc[sid, "note"]
    assert url in capsys.readouterr().out
    before = pd.read_csv(bundle_root() / "sources.csv", keep_default_na=False)
    assert len(rebuilt) == len(before)
