"""The typed facts loaders: real facts from the real files, and malformed files refused.

Expected values come from the YAML/CSV read here with yaml.safe_load / pandas, not from
constants echoed from natolab's code.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts import (
    load_commitments,
    load_events,
    load_operations,
    load_posture,
    load_treaty,
    load_us_law,
)
from natolab.data.sources import known_ids, resolve_all, source_id_for_url
from natolab.errors import FactsError, InputError

LOADERS = {
    "treaty.yaml": load_treaty,
    "us_law.yaml": load_us_law,
    "commitments.yaml": load_commitments,
    "posture.yaml": load_posture,
    "events.yaml": load_events,
}


def raw(file: str) -> Any:
    return yaml.safe_load(bundle_path("facts", file).read_text(encoding="utf-8"))


def text(file: str) -> str:
    return bundle_path("facts", file).read_text(encoding="utf-8")


def by_id(items: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    return next(item for item in items if item.get("id") == wanted)


def urls_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(set(), *(urls_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(set(), *(urls_in(v) for v in node))
    return {node} if isinstance(node, str) and node.startswith(("http://", "https://")) else set()


# ---------------------------------------------------------------- real files


def test_treaty_articles_and_dates():
    data, treaty = raw("treaty.yaml"), load_treaty()
    assert [a.number for a in treaty.articles] == [a["number"] for a in data["articles"]]
    art5 = next(a for a in data["articles"] if a["number"] == 5)
    assert treaty.article(5).title == art5["title"]
    invoked = art5["rule"]["invocations"][0]["date"]
    assert treaty.article5_invocations[0].date == date.fromisoformat(invoked)
    assert treaty.entered_into_force == date.fromisoformat(
        data["dates"]["entered_into_force"]["date"]
    )
    withdrawal = data["dates"]["withdrawal_available_from"]["date"]
    assert treaty.withdrawal_available_from == date.fromisoformat(withdrawal)
    art13 = next(a for a in data["articles"] if a["number"] == 13)
    assert treaty.article(13).rule.available_from == date.fromisoformat(
        art13["rule"]["available_from"]
    )
    assert treaty.article(13).rule.get("effective") == art13["rule"]["effective"]
    art10 = next(a for a in data["articles"] if a["number"] == 10)
    assert (
        treaty.article(10).rule.get("invitation_requires") == art10["rule"]["invitation_requires"]
    )
    rule = data["nac_consensus_rule"]["rule"]
    assert treaty.nac_consensus_rule.rule["decision_method"] == rule["decision_method"]


def test_treaty_article6_coverage_examples():
    data = next(a for a in raw("treaty.yaml")["articles"] if a["number"] == 6)
    examples = {e["place"]: e["covered"] for e in data["rule"]["coverage_examples"]}
    loaded = {e.place: e.covered for e in load_treaty().coverage_examples}
    assert loaded == examples
    hawaii = next(e for e in load_treaty().coverage_examples if e.place == "Hawaii")
    assert hawaii.settled and hawaii.single_source
    contested = [e for e in load_treaty().coverage_examples if not e.settled]
    assert [e.place for e in contested] == [
        p for p, c in examples.items() if not isinstance(c, bool)
    ]


def test_treaty_unknown_article():
    with pytest.raises(InputError):
        load_treaty().article(15)


def test_us_law_withdrawal_limitation():
    data = by_id(raw("us_law.yaml")["statutes"], "ndaa_fy2024_s1250A")
    law = load_us_law().statute("ndaa_fy2024_s1250A")
    assert law is load_us_law().withdrawal_limitation
    assert law.signed == date.fromisoformat(data["signed"])
    assert law.codified_at == data["codified_at"]
    assert law.final_votes["senate"].vote == data["final_votes"]["senate"]["vote"]
    assert law.final_votes["senate"].date == date.fromisoformat(
        data["final_votes"]["senate"]["date"]
    )
    paths = data["provisions"]["a_no_unilateral_withdrawal"]["rule"]["permitted_paths_any_of"]
    assert (
        law.provision("a_no_unilateral_withdrawal").get("rule")["permitted_paths_any_of"] == paths
    )


def test_us_law_troop_floor_and_saceur():
    data = by_id(raw("us_law.yaml")["statutes"], "ndaa_fy2026_europe")["provisions"]
    floor = load_us_law().europe_troop_floor
    assert floor.floor == data["europe_troop_floor"]["floor"]
    assert floor.grace_period_days == data["europe_troop_floor"]["grace_period_days"]
    assert load_us_law().saceur_retention.get("rule") == data["saceur_retention"]["rule"]
    assert [s.id for s in load_us_law().in_force_on(date(2024, 1, 1))] == ["ndaa_fy2024_s1250A"]


def test_us_law_bills_and_precedents():
    data = raw("us_law.yaml")
    massie = by_id(data["bills_not_enacted"], "massie_nato_act_hr6508")
    bill = load_us_law().bill("massie_nato_act_hr6508")
    assert bill.introduced == date.fromisoformat(massie["introduced"])
    assert bill.caveats["date_conflict"] == massie["date_conflict"]
    items = by_id(data["bills_not_enacted"], "precursor_bills")["items"]
    loaded = load_us_law().bill("precursor_bills").items
    assert [i.source_ids[0] for i in loaded] == [source_id_for_url(i["source"]) for i in items]
    carter = by_id(data["constitutional_debate"]["precedents"], "carter_taiwan_1978")
    precedent = load_us_law().precedent("carter_taiwan_1978")
    assert precedent.litigation.decided == date.fromisoformat(carter["litigation"]["decided"])
    with pytest.raises(InputError, match="ndaa_fy2024_s1250A"):
        load_us_law().statute("ndaa_fy2099")


def test_the_facts_the_rules_quote_are_typed():
    """natolab.rules reads these through the loaders, never the YAML: each matches the file."""
    article4 = next(a for a in raw("treaty.yaml")["articles"] if a["number"] == 4)["rule"]
    rule = load_treaty().article(4).rule
    assert rule.consequence == article4["consequence"]
    assert rule.obligation_beyond_consultation == article4["obligation_beyond_consultation"]
    canary = load_treaty().coverage_example("Canary")
    assert canary.place == "Canary_Islands" and canary.covered is True
    with pytest.raises(FactsError, match="Atlantis"):
        load_treaty().coverage_example("Atlantis")
    statutes = raw("us_law.yaml")["statutes"]
    s1250a = by_id(statutes, "ndaa_fy2024_s1250A")["provisions"]
    counsel = load_us_law().withdrawal_limitation.provision("e_congressional_legal_counsel")
    assert counsel.what_sources_say == s1250a["e_congressional_legal_counsel"]["what_sources_say"]
    europe = by_id(statutes, "ndaa_fy2026_europe")["provisions"]["europe_troop_floor"]
    assert load_us_law().europe_troop_floor.rule == europe["rule"]
    assert load_us_law().europe_troop_floor.reporting_variance == europe["reporting_variance"]
    massie = by_id(raw("us_law.yaml")["bills_not_enacted"], "massie_nato_act_hr6508")
    assert load_us_law().bill("massie_nato_act_hr6508").text == " ".join(massie["content"].values())
    assert load_events().of_type("article4_request") == ()  # a known type; none recorded yet


def test_named_entries_and_url_keys():
    """One-line named entries read by id; facts citing under other keys expose those URLs."""
    assert load_commitments().wales_2014 is load_commitments().pledge("wales_2014_dip")
    assert load_us_law().europe_posture_act.id == "ndaa_fy2026_europe"
    saceur = raw("posture.yaml")["saceur"]
    assert load_posture().saceur.urls == tuple(saceur["holders_sources"])
    precursor = load_us_law().bill("precursor_bills").items[0]
    assert precursor.urls[0] == precursor.source


def test_events_accessions_cover_every_ally():
    allies = set(pd.read_csv(bundle_path("allies.csv"), keep_default_na=False)["iso3"])
    accessions = load_events().accessions()
    assert set().union(*(e.iso3 for e in accessions)) == allies
    raw_accessions = [e for e in raw("events.yaml")["events"] if e["type"] == "accession"]
    assert [e.id for e in accessions] == [
        e["id"] for e in sorted(raw_accessions, key=lambda e: e["date"])
    ]
    assert accessions[-1].member_count_after == max(e["member_count_after"] for e in raw_accessions)


def test_events_article5_and_filters():
    data = raw("events.yaml")["events"]
    events = load_events()
    assert len(events.events) == len(data)
    invoked = events.of_type("article5_invocation")
    assert [e.id for e in invoked] == [e["id"] for e in data if e["type"] == "article5_invocation"]
    assert invoked[0].start == date.fromisoformat(by_id(data, invoked[0].id)["date"])
    assert events.of_kind("summit") == events.of_type("summit")
    assert [e.id for e in events.with_prefix("greenland_")] == [
        e["id"] for e in data if e["id"].startswith("greenland_")
    ]
    window = events.between(date(2001, 9, 1), date(2001, 9, 30))
    assert "article5_invoked_conditional" in [e.id for e in window]
    with pytest.raises(InputError):
        events.of_type("article99")


def test_events_partial_dates():
    data = raw("events.yaml")["events"]
    reunification = load_events().event("german_reunification_membership")
    assert reunification.date.text == by_id(data, "german_reunification_membership")["date"]
    assert reunification.date.precision == "year"
    assert (reunification.start, reunification.end) == (date(1990, 1, 1), date(1990, 12, 31))
    span = load_events().event("afghanistan_coalition_fatalities")
    assert span.start.year == 2001 and span.end.year == 2021
    frame = load_events().to_frame()
    assert list(frame["id"]) == [e["id"] for e in data]


def test_commitments_pledges():
    data = raw("commitments.yaml")
    c = load_commitments()
    hague = by_id(data["pledges"], "hague_2025_five_percent")["rule"]
    assert c.hague_2025.rule.core_min_gdp_share == hague["core_min_gdp_share"]
    assert c.hague_2025.rule.related_max_gdp_share == hague["related_max_gdp_share"]
    assert c.hague_2025.rule.deadline_year == hague["deadline_year"]
    assert c.hague_2025.rule.review_year == hague["review_year"]
    wales = by_id(data["pledges"], "wales_2014_dip")
    assert c.wales_2014.date == date.fromisoformat(wales["date"])
    assert c.wales_2014.rule.equipment_share_target == wales["rule"]["equipment_share_target"]
    assert (
        c.vilnius_2023.rule.gdp_floor
        == by_id(data["pledges"], "vilnius_2023_floor")["rule"]["gdp_floor"]
    )
    origin = by_id(data["pledges"], "two_percent_guideline_origin")
    assert c.two_percent_origin.dates_reported == tuple(int(y) for y in origin["dates_reported"])
    assert c.two_percent_origin.caveats["uncertainty"] == origin["uncertainty"]
    spain = by_id(data["pledges"], "hague_2025_spain_position")["timeline"]
    assert [t.date for t in c.spain_hague_2025.timeline] == [
        date.fromisoformat(t["date"]) for t in spain
    ]


def test_commitments_compliance_snapshots():
    data = raw("commitments.yaml")["compliance_snapshots"]
    loaded = load_commitments().compliance_snapshots
    assert [s.year for s in loaded] == [s["year"] for s in data]
    exact = [s["allies_at_2pct"] if isinstance(s["allies_at_2pct"], int) else None for s in data]
    assert [s.exact_count for s in loaded] == exact


def test_posture_troop_levels_keep_bounds():
    data = raw("posture.yaml")["us_forces_europe"]
    frame = load_posture().us_troops_frame()
    assert list(frame["date_text"]) == [str(r["date"]) for r in data["series"]]
    for row, src in zip(frame.itertuples(), data["series"], strict=True):
        if isinstance(src.get("troops"), str):
            assert row.more_than and f">{row.troops_low}" == src["troops"].replace(" ", "")
            assert pd.isna(row.troops_high)
        elif "troops_range" in src:
            assert [row.troops_low, row.troops_high] == src["troops_range"]
        else:
            assert row.troops_low == row.troops_high == src["troops"]


def test_posture_floor_matches_the_statute():
    data = raw("posture.yaml")["us_forces_europe"]["statutory_floor"]
    floor = load_posture().us_forces_europe.statutory_floor
    assert floor.value == data["value"] == load_us_law().europe_troop_floor.floor
    assert floor.effective == date.fromisoformat(data["effective"])
    assert floor.effective == load_us_law().statute("ndaa_fy2026_europe").signed


def test_posture_saceur_and_battlegroups():
    data = raw("posture.yaml")
    current = next(h for h in data["saceur"]["holders"] if h["end"] is None)
    assert load_posture().saceur.holder_on(date(2026, 1, 1)).name == current["name"]
    first = data["saceur"]["holders"][0]
    assert load_posture().saceur.holder_on(date.fromisoformat(first["start"])).name == first["name"]
    with pytest.raises(InputError):
        load_posture().saceur.holder_on(date(1950, 1, 1))
    hosts = [b["host_iso3"] for b in data["efp_battlegroups"]["battlegroups"]]
    assert [b.host_iso3 for b in load_posture().efp_battlegroups.battlegroups] == hosts
    slovakia = next(b for b in data["efp_battlegroups"]["battlegroups"] if b["host_iso3"] == "SVK")
    codes = load_posture().battlegroup("SVK").framework_codes
    assert all(code in slovakia["framework_iso3"] for code in codes) and len(codes) == 2
    esper = data["germany"]["drawdown_plan_2020"]["esper_plan"]
    assert load_posture().germany.drawdown_plan_2020.esper_plan.from_ == esper["from"]


def test_operations_tables():
    ops = load_operations()
    src = pd.read_csv(bundle_path("operations", "operations.csv"), keep_default_na=False, dtype=str)
    assert list(ops.operations["operation_id"]) == list(src["operation_id"])
    isaf = ops.operation("ISAF")
    row = src[src["operation_id"] == "ISAF"].iloc[0]
    assert isaf["start"] == date.fromisoformat(row["start"])
    assert isaf["nato_led"] == (row["nato_led"] == "true")
    part = pd.read_csv(
        bundle_path("operations", "participation.csv"), keep_default_na=False, dtype=str
    )
    assert len(ops.participation) == len(part)
    assert int(ops.participation["participated"].isna().sum()) == int(
        (part["participated"] == "unknown").sum()
    )
    usa = part[(part["operation_id"] == "ISAF") & (part["iso3"] == "USA")].iloc[0]
    loaded = ops.participation_in("ISAF").set_index("iso3").loc["USA"]
    assert loaded["troops_peak"] == int(usa["troops_peak"])
    fat = pd.read_csv(bundle_path("operations", "isaf_fatalities.csv"), keep_default_na=False)
    assert int(ops.isaf_fatalities["fatalities"].sum()) == int(fat["fatalities"].sum())
    with pytest.raises(InputError):
        ops.operation("NOPE")


def test_operations_returns_copies():
    first = load_operations()
    first.operations.loc[0, "name"] = "changed"
    assert load_operations().operations.loc[0, "name"] != "changed"


# ---------------------------------------------------------------- sources of every fact


@pytest.mark.parametrize("file", sorted(LOADERS))
def test_every_fact_source_resolves(file):
    facts = LOADERS[file]().facts()
    ids = [sid for _, fact in facts for sid in fact.source_ids]
    assert {s.source_id for s in resolve_all(ids)} == set(ids)
    cited = {url for _, fact in facts for url in fact.urls}
    assert cited == urls_in(raw(file))  # no cited URL sits outside a fact object


def test_every_operations_row_source_resolves():
    ops = load_operations()
    for name in ("operations", "participation", "allies", "efp_battlegroups", "isaf_fatalities"):
        ids = {one for ids in getattr(ops, name)["source_ids"] for one in ids}
        assert ids and ids <= known_ids(), name


def test_loaders_are_cached():
    for loader in LOADERS.values():
        assert loader() is loader()


# ---------------------------------------------------------------- malformed files

MALFORMED = [
    (
        "us_law.yaml",
        'signed: "2023-12-22"',
        'signed: "2023-13-01"',
        "statutes.ndaa_fy2024_s1250A.signed",
        "invalid date '2023-13-01'",
    ),
    (
        "us_law.yaml",
        "floor: 76000",
        "floor: seventy-six thousand",
        "statutes.ndaa_fy2026_europe.provisions.europe_troop_floor.floor",
        "valid integer",
    ),
    (
        "us_law.yaml",
        '    name: "Limitation on withdrawal from the North Atlantic Treaty Organization"\n',
        "",
        "statutes.ndaa_fy2024_s1250A.name",
        "missing required key",
    ),
    (
        "us_law.yaml",
        "https://forkk.me/comment/2560959",
        "https://example.org/not-a-source",
        "statutes.ndaa_fy2024_s1250A.sources",
        "unknown source 'https://example.org/not-a-source'",
    ),
    (
        "treaty.yaml",
        '    date: "1949-08-24"\n    condition:',
        '    date: "24 August 1949"\n    condition:',
        "dates.entered_into_force.date",
        "invalid date",
    ),
    (
        "treaty.yaml",
        "  - number: 5\n",
        "  - number: five\n",
        "articles[number=five].number",
        "integer",
    ),
    (
        "treaty.yaml",
        "confidence: high\n\n  - number: 2",
        "confidence: certain\n\n  - number: 2",
        "articles[number=1].confidence",
        "'high'",
    ),
    (
        "events.yaml",
        'date: "2017-06-05"',
        'date: "2017-06-31"',
        "events.accession_montenegro.date",
        "invalid date '2017-06-31'",
    ),
    (
        "events.yaml",
        "    type: war\n",
        "",
        "events.russia_full_scale_invasion.type",
        "missing required key",
    ),
    (
        "events.yaml",
        "member_count_after: 29",
        "member_count_after: [29]",
        "events.accession_montenegro.member_count_after",
        "valid integer",
    ),
    (
        "commitments.yaml",
        "core_min_gdp_share: 0.035",
        "core_min_gdp_share: 3.5 percent",
        "pledges.hague_2025_five_percent.rule.core_min_gdp_share",
        "valid number",
    ),
    (
        "commitments.yaml",
        "https://www.nato.int/cps/en/natohq/official_texts_217320.htm?selecteddLocale=fr",
        "https://www.nato.int/made-up",
        "pledges.vilnius_2023_floor.sources",
        "unknown source",
    ),
    (
        "posture.yaml",
        "value: 76000",
        "value: many",
        "us_forces_europe.statutory_floor.value",
        "valid integer",
    ),
    (
        "posture.yaml",
        'start: "2025-07-04", end: null',
        'start: "2025-07-40", end: null',
        "saceur.holders[n=21].start",
        "invalid date '2025-07-40'",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "key", "problem"), MALFORMED)
def test_malformed_yaml_names_file_and_key(file, old, new, key, problem):
    original = text(file)
    assert old in original  # the test edits real content
    with pytest.raises(FactsError) as err:
        LOADERS[file](original.replace(old, new, 1))
    assert err.value.file == file
    assert err.value.key == key
    assert problem in err.value.problem
    assert str(err.value).startswith(f"{file}: {key}: ")


def test_malformed_file_given_as_path(tmp_path: Path):
    path = tmp_path / "anything.yaml"
    path.write_text(text("us_law.yaml").replace('signed: "2023-12-22"', "signed: 2023"), "utf-8")
    with pytest.raises(FactsError) as err:
        load_us_law(path)
    assert (err.value.file, err.value.key) == ("us_law.yaml", "statutes.ndaa_fy2024_s1250A.signed")


def test_not_yaml_and_not_a_mapping():
    with pytest.raises(FactsError, match="not valid YAML"):
        load_events("events: [unclosed")
    with pytest.raises(FactsError, match="expected a mapping"):
        load_events("- just a list")


def test_treaty_needs_all_fourteen_articles():
    broken = text("treaty.yaml").replace("  - number: 14\n", "  - number: 13\n")
    with pytest.raises(FactsError) as err:
        load_treaty(broken)
    assert err.value.key == "articles"


def test_duplicated_event_id():
    broken = text("events.yaml").replace("id: accession_spain", "id: accession_1999")
    with pytest.raises(FactsError) as err:
        load_events(broken)
    assert err.value.key == "events.accession_1999"
    assert "duplicated" in err.value.problem


OPS_MALFORMED = [
    ("operations.csv", "start", 0, "2001-13-20", "row 2 (ISAF).start", "invalid date"),
    ("participation.csv", "troops_peak", 0, "lots", "row 2 (ISAF, ALB).troops_peak", "whole number"),
    ("participation.csv", "source_id", 1, "afp_isaf_2010;nobody", "row 3 (ISAF, BEL).source_id", "unknown source nobody"),
    ("participation.csv", "participated", 2, "maybe", "row 4 (ISAF, BGR).participated", "true/false or unknown"),
    ("participation.csv", "operation_id", 0, "ISAFX", "row 2 (ISAFX, ALB).operation_id", "not an operation_id"),
    ("isaf_fatalities.csv", "fatalities", 0, "-2", "row 2 (ALB).fatalities", "whole number"),
    ("efp_battlegroups.csv", "member_iso3", 0, "UK", "row 2 (EST).member_iso3", "ISO alpha-3"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "column", "row", "value", "key", "problem"), OPS_MALFORMED)
def test_malformed_operations_csv(tmp_path, file, column, row, value, key, problem):
    folder = tmp_path / "operations"
    shutil.copytree(bundle_path("operations"), folder)
    frame = pd.read_csv(folder / file, keep_default_na=False, dtype=str)
    frame.loc[row, column] = value
    frame.to_csv(folder / file, index=False)
    with pytest.raises(FactsError) as err:
        load_operations(folder)
    assert (err.value.file, err.value.key) == (file, key)
    assert problem in err.value.problem


def test_operations_missing_column_and_unsourced_answer(tmp_path):
    folder = tmp_path / "operations"
    shutil.copytree(bundle_path("operations"), folder)
    frame = pd.read_csv(folder / "participation.csv", keep_default_na=False, dtype=str)
    frame.loc[0, "source_id"] = ""
    frame.to_csv(folder / "participation.csv", index=False)
    with pytest.raises(FactsError, match="a known answer needs a source"):
        load_operations(folder)
    frame.drop(columns=["troops_peak"]).to_csv(folder / "participation.csv", index=False)
    with pytest.raises(FactsError) as err:
        load_operations(folder)
    assert (err.value.key, err.value.problem) == ("troops_peak", "missing required column")


def test_unknown_url_in_a_differently_named_source_key():
    original = text("treaty.yaml")
    old = '"https://lygeros.org/podcast-21"                                 # English text'
    assert old in original
    broken = original.replace(old, '"https://example.org/unknown"  # English text', 1)
    with pytest.raises(FactsError) as err:
        load_treaty(broken)
    assert err.value.key == "meta.text_sources_consulted"
    assert "unknown source" in err.value.problem
