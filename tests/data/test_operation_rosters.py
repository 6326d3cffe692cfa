"""Complete rosters in the operations supplement: read as calibration rows, checked on load."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from natolab.data.bundle import bundle_path
from natolab.data.facts.operations import EXTENSION, extended, load_extension, outcomes
from natolab.data.geography import read_geography_table
from natolab.errors import FactsError
from natolab.sim import geography

# The 14 allies the Lithuanian armed forces and Air & Space Forces Magazine name as having flown
# Baltic Air Policing rotations by January 2014 (typed from the pages, not from the YAML).
BAP_FIGHTERS = {
    "BEL", "CZE", "DNK", "FRA", "DEU", "NLD", "NOR", "POL", "PRT", "ROU", "ESP", "TUR", "GBR",
    "USA",
}  # fmt: skip
BAP_HOSTS = {"EST", "LVA", "LTU"}
# The 15 "NATO nations with armed forces" NATO's IFOR page names as pledging forces (typed from
# the page); Iceland, the 16th ally, sent medical personnel.
IFOR_FORCES = {
    "BEL", "CAN", "DNK", "FRA", "DEU", "GRC", "ITA", "LUX", "NLD", "NOR", "PRT", "ESP", "TUR",
    "GBR", "USA",
}  # fmt: skip
# Sea Guardian's first patrol (9-17 November 2016) as the pages name it: ships of Italy,
# Bulgaria and Turkey, submarines of Greece and Spain, patrol aircraft of Portugal (and others).
SEA_GUARDIAN_FORCES = {"ITA", "BGR", "TUR", "GRC", "ESP", "PRT"}


def _supplement() -> str:
    return bundle_path(*EXTENSION.split("/")).read_text(encoding="utf-8")


def test_baltic_air_policing_roster_becomes_forces_rows() -> None:
    rows = outcomes().set_index(["operation_id", "iso3"]).loc["BAP_2004"]
    assert set(rows.index[rows["forces"] == 1.0]) == BAP_FIGHTERS
    assert rows.loc[sorted(BAP_HOSTS), "forces"].eq(0.0).all()
    # Canada first flew in September 2014 and Italy in 2015: after the roster's window
    assert rows.loc["CAN", "forces"] == 0.0 and rows.loc["ITA", "forces"] == 0.0
    # no access question was asked in air policing: not a "no"
    assert rows["access"].isna().all() and not rows["access_asked"].any()
    assert (rows["start_year"] == 2004).all()
    assert rows["source_ids"].map(len).min() >= 2


@pytest.mark.parametrize(
    ("operation", "year", "count"),
    [
        ("BAP_2004", 2004, 26),
        ("KFOR_1999", 1999, 19),
        ("IFOR_1995", 1995, 16),
        ("SEA_GUARDIAN_2016", 2016, 28),  # Montenegro joined in 2017
    ],
)
def test_roster_lists_every_ally_of_the_start_and_no_later_one(
    operation: str, year: int, count: int
) -> None:
    """One row per member at the start: for BAP not Albania and Croatia (2009), for KFOR not
    the 2004 members; Czechia, Hungary and Poland (March 1999) are in KFOR's June 1999 roster."""
    allies = extended().allies
    members = set(allies.loc[allies["accession_year"] <= year, "iso3"])
    rows = outcomes().query("operation_id == @operation")
    assert set(rows["iso3"]) == members and len(rows) == count


def test_kfor_1999_roster_every_ally_with_troops_but_iceland() -> None:
    ops = extended()
    rows = ops.participation_in("KFOR_1999").set_index("iso3")
    forces = outcomes().query("operation_id == 'KFOR_1999'").set_index("iso3")["forces"]
    assert set(forces.index[forces == 0.0]) == {"ISL"}  # no armed forces (as in ISAF)
    # the two pages' launch figures
    assert rows.loc["GBR", "troops_peak"] == 19_000 and rows.loc["ESP", "troops_peak"] == 1_200
    assert ops.operation("KFOR_1999")["legal_basis"] == "UNSC resolution"
    point = geography.theatres().loc["KFOR_1999"]
    oaf = geography.theatres().loc["OAF_1999"]
    assert (point["lat"], point["lon"], point["adversary"]) == (oaf["lat"], oaf["lon"], "SRB")


def test_ifor_1995_roster_every_ally_with_armed_forces_sent_troops() -> None:
    ops = extended()
    rows = outcomes().query("operation_id == 'IFOR_1995'").set_index("iso3")
    assert set(rows.index[rows["forces"] == 1.0]) == IFOR_FORCES
    assert rows.loc["ISL", "forces"] == 0.0  # medical personnel, no armed forces
    assert rows["access"].isna().all()  # nobody was asked for access: unknown, not "no"
    assert (rows["start_year"] == 1995).all() and rows["source_ids"].map(len).min() >= 2
    assert ops.participation_in("IFOR_1995")["troops_peak"].isna().all()  # none in both pages
    op = ops.operation("IFOR_1995")
    assert (op["legal_basis"], op["nato_led"]) == ("UNSC resolution", True)
    # Sarajevo is not bundled: the point is Belgrade's, read from the places table
    belgrade = read_geography_table("places.csv").set_index("code").loc["SRB"]
    point = geography.theatres().loc["IFOR_1995"]
    assert (point["lat"], point["lon"], point["adversary"]) == (
        belgrade["lat"],
        belgrade["lon"],
        "SRB",
    )


def test_sea_guardian_first_patrol_roster() -> None:
    rows = outcomes().query("operation_id == 'SEA_GUARDIAN_2016'").set_index("iso3")
    assert set(rows.index[rows["forces"] == 1.0]) == SEA_GUARDIAN_FORCES
    assert rows["forces"].notna().all() and (rows["forces"] == 0.0).sum() == 22
    assert rows.loc["PRT", "contributions"] == ("isr",)  # aircraft only, no ship
    assert rows.loc["GRC", "contributions"] == ("submarine",)
    assert "MNE" not in rows.index
    # not an Article 5 operation, unlike Active Endeavour whose point it shares
    assert extended().operation("SEA_GUARDIAN_2016")["legal_basis"] != "article5"
    point, oae = (geography.theatres().loc[op] for op in ("SEA_GUARDIAN_2016", "ACTIVE_ENDEAVOUR"))
    assert (point["lat"], point["lon"]) == (oae["lat"], oae["lon"])


def test_roster_operation_has_a_theatre_point_from_the_places_table() -> None:
    riga = read_geography_table("places.csv").set_index("code").loc["LVA"]
    point = geography.theatres().loc["BAP_2004"]
    assert (point["lat"], point["lon"]) == (riga["lat"], riga["lon"])
    assert point["adversary"] == "RUS"
    # the bundled theatres are still there
    assert {"ISAF", "EFP", "OAF_1999"} <= set(geography.theatres().index)


def test_every_roster_row_cites_two_pages_and_rosters_claim_completeness() -> None:
    data = yaml.safe_load(_supplement())
    for roster in data["rosters"]:
        assert roster["complete"] is True and roster["complete_basis"]
        for row in roster["rows"]:
            assert len(set(row["sources"])) >= 2, row["iso3"]


def _edited(old: str, new: str) -> str:
    text = _supplement()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("{iso3: GRC,", "{iso3: XXX,", "bad row XXX"),
        ("{iso3: GRC,", "{iso3: BEL,", "bad row BEL"),
        ("contribution: none,", "contribution: parade,", "bad row parade"),
        ("  - id: BAP_2004", "  - id: ISAF", "already in the CSVs"),
        ("  - operation_id: BAP_2004\n    as_of", "  - operation_id: BAP_X\n    as_of", "roster"),
        ("complete: true", "complete: false", "complete"),
        ("    theatre_as: OAF_1999", "    theatre_as: NOPE_1900", "no bundled point"),
        ("    theatre_as: OAF_1999", "    theatre_as: OAF_1999\n    theatre_place: SRB", "one of"),
    ],
)
def test_a_bad_roster_is_one_facts_error(old: str, new: str, problem: str) -> None:
    with pytest.raises(FactsError, match=problem):
        load_extension(_edited(old, new))


def test_a_roster_row_with_one_page_is_refused() -> None:
    line = next(line for line in _supplement().splitlines() if "{iso3: GRC," in line)
    single = line.split("sources: [")[0] + "sources: [" + line.split("sources: [")[1].split(",")[0]
    with pytest.raises(FactsError, match="sources"):
        load_extension(_edited(line, single + "]}"))


def test_forces_decisions_answer_rows_the_csv_leaves_unknown() -> None:
    """Sweden's battalion in Latvia (2025) and Iceland in Libya (no armed forces) were unknown in
    participation.csv; the supplement's decisions answer them and add their pages."""
    ops = extended()
    part = ops.participation.set_index(["operation_id", "iso3"])["participated"]
    assert part.loc[("EFP", "SWE")] is pd.NA and part.loc[("OUP_2011", "ISL")] is pd.NA
    rows = outcomes().set_index(["operation_id", "iso3"])
    assert rows.loc[("EFP", "SWE"), "forces"] == 1.0
    assert rows.loc[("OUP_2011", "ISL"), "forces"] == 0.0
    assert np.isnan(rows.loc[("OUP_2011", "ISL"), "access"])  # no access answer: still unknown
    assert np.isnan(rows.loc[("EFP", "FIN"), "forces"])  # Finland: no page found, left unknown
    decisions = {d.id: d for d in load_extension().decisions}
    for key, name in (("EFP", "SWE"), "efp_swe_forces"), (("OUP_2011", "ISL"), "oup_isl_forces"):
        assert set(decisions[name].source_ids) <= set(rows.loc[key, "source_ids"])
