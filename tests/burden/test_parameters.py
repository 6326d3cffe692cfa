"""The money parameters say what commitments.yaml says, cite its sources, and take reforms."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import yaml

from natolab import Reform, parameters
from natolab.data.bundle import bundle_path

HAGUE = "hague_2025_five_percent"


def pledge(pledge_id: str) -> dict:
    facts = yaml.safe_load(bundle_path("facts", "commitments.yaml").read_text(encoding="utf-8"))
    return next(p for p in facts["pledges"] if p["id"] == pledge_id)


def cited_ids(pledge_id: str) -> set[str]:
    """Source ids of the URLs the facts cite for a pledge (sha1 rule of facts/SOURCES.md)."""
    urls = pledge(pledge_id)["sources"]
    return {"src-" + hashlib.sha1(u.encode()).hexdigest()[:8] for u in urls}


def test_hague_targets_take_effect_on_the_declaration_day() -> None:
    rule, day = pledge(HAGUE)["rule"], date.fromisoformat(pledge(HAGUE)["date"])
    before, on = parameters(date(2025, 6, 24)), parameters(day)
    assert before.value("hague_core_defence_share_of_gdp") is None
    assert on.value("hague_core_defence_share_of_gdp") == pytest.approx(
        rule["core_min_gdp_share"] * 100
    )
    assert on.value("hague_related_share_of_gdp") == pytest.approx(
        rule["related_max_gdp_share"] * 100
    )
    assert on.value("hague_total_share_of_gdp") == pytest.approx(
        rule["total_target_gdp_share"] * 100
    )
    assert on.value("hague_deadline_year") == rule["deadline_year"]
    assert on.value("hague_review_year") == rule["review_year"]
    assert on.value("hague_ukraine_support_counts_as_defence") is True
    assert on.value("hague_annual_plans_required") is True


def test_every_money_parameter_cites_a_source_of_its_pledge() -> None:
    cases = {
        "hague_core_defence_share_of_gdp": (HAGUE, "2030-01-01"),
        "hague_deadline_year": (HAGUE, "2030-01-01"),
        "equipment_guideline_share_of_defence_spending": ("wales_2014_dip", "2016-01-01"),
        "defence_guideline_deadline_year": ("wales_2014_dip", "2016-01-01"),
        "defence_guideline_kind": ("vilnius_2023_floor", "2024-01-01"),
        "spain_stated_share_of_gdp": ("hague_2025_spain_position", "2026-01-01"),
    }
    for name, (pledge_id, on) in cases.items():
        assert parameters(on).get(name).reference in cited_ids(pledge_id), name


def test_wales_equipment_and_deadline_and_the_vilnius_floor() -> None:
    wales = pledge("wales_2014_dip")["rule"]
    in_2016 = parameters("2016-01-01")
    assert in_2016.value("equipment_guideline_share_of_defence_spending") == pytest.approx(
        100 * wales["equipment_share_target"]
    )
    assert in_2016.value("defence_guideline_deadline_year") == wales["deadline_year"]
    assert parameters("2014-09-04").value("equipment_guideline_share_of_defence_spending") is None
    after_vilnius = parameters(pledge("vilnius_2023_floor")["date"])
    assert after_vilnius.value("defence_guideline_deadline_year") is None
    assert after_vilnius.value("defence_guideline_kind") == "annual floor"
    assert after_vilnius.value("defence_guideline_share_of_gdp") == 2.0


def test_spain_stated_level_is_flagged_as_contested() -> None:
    spain = parameters("2026-01-01").get("spain_stated_share_of_gdp")
    assert spain.value == 2.1
    assert "contested" in spain.uncertainty


def test_a_core_target_reform_yields_a_new_tree() -> None:
    reform = Reform("core 4%", {"hague_core_defence_share_of_gdp": 4.0})
    reformed = parameters("2030-01-01", [reform])
    assert reformed.value("hague_core_defence_share_of_gdp") == 4.0
    assert parameters("2030-01-01").value("hague_core_defence_share_of_gdp") == 3.5
