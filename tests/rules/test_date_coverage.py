"""Every rule parameter resolves on every day from its start to 2036, and never twice.

"Twice" is checked where it can hide: YAML silently keeps the last of two equal keys, so the
files are re-read with a loader that refuses duplicate dates. Each value's reference must be a
known source id, and every rule must answer on the first of every year 1950-2036.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

import natolab
from natolab import rules
from natolab.data.sources import known_ids
from natolab.parameter_tree import parameters_dir
from natolab.rules.result import RULE_OUTCOMES

ENTRY_INTO_FORCE = date(1949, 8, 24)
END = date(2036, 12, 31)

#: The rule parameters and the first day each must resolve (the law's own start).
RULE_PARAMETERS = {
    "article13_years_in_force_before_denunciation": ENTRY_INTO_FORCE,
    "article13_notice_period_months": ENTRY_INTO_FORCE,
    "nac_decision_rule": ENTRY_INTO_FORCE,
    "article10_invitation_rule": ENTRY_INTO_FORCE,
    "article6_turkey_and_mediterranean": ENTRY_INTO_FORCE,
    "article6_algerian_departments": ENTRY_INTO_FORCE,
    "article6_tropic_of_cancer_latitude": ENTRY_INTO_FORCE,
    "us_sec1250a_in_force": ENTRY_INTO_FORCE,
    "us_sec1250a_senate_fraction": date(2023, 12, 22),
    "us_sec1250a_congress_notice_days": date(2023, 12, 22),
    "us_europe_troop_floor": date(2025, 12, 18),
    "us_europe_troop_floor_grace_days": date(2025, 12, 18),
    "us_saceur_retention": ENTRY_INTO_FORCE,
}


class UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a mapping with the same key twice."""


def _unique_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key) for key, _ in node.value]
    twice = {k for k in keys if keys.count(k) > 1}
    if twice:
        raise AssertionError(f"{node.start_mark}: keys given twice: {sorted(map(str, twice))}")
    return loader.construct_mapping(node)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _file(name: str) -> Path:
    return parameters_dir() / f"{name}.yaml"


@pytest.mark.parametrize("name", sorted(RULE_PARAMETERS))
def test_no_date_given_twice_and_every_reference_known(name: str) -> None:
    data = yaml.load(_file(name).read_text(encoding="utf-8"), Loader=UniqueKeyLoader)  # noqa: S506
    known = known_ids()
    for day, entry in data["values"].items():
        assert str(entry["reference"]) in known, f"{name} {day}: unknown {entry['reference']}"


def test_every_rule_parameter_resolves_every_day_1949_2036() -> None:
    base = natolab.parameters(on=ENTRY_INTO_FORCE)
    day, gaps = ENTRY_INTO_FORCE, []
    while day <= END:
        tree = base.at(day)
        gaps += [
            (n, day)
            for n, start in RULE_PARAMETERS.items()
            if day >= start and tree.value(n) is None
        ]
        day += timedelta(days=1)
    assert not gaps, gaps[:5]


def test_nothing_resolves_before_its_start() -> None:
    """A parameter starting later must not leak backwards (no value the day before)."""
    for name, start in RULE_PARAMETERS.items():
        if start > ENTRY_INTO_FORCE:
            assert natolab.parameters(on=start - timedelta(days=1)).value(name) is None, name


@pytest.mark.parametrize("year", range(1950, 2037))
def test_every_rule_answers_every_year(year: int) -> None:
    on = date(year, 1, 1)
    results = [
        rules.withdrawal("USA", on=on),
        rules.withdrawal("NOR", on=on),
        rules.decide("x", on=on, others="support"),
        rules.covered("Canary Islands", on=on),
        rules.covered(lat=40.0, lon=-40.0, what="vessel", on=on),
        rules.article5("NOR", on=on, others="support"),
        rules.article4("NOR", on=on),
        rules.accede("UKR", on=on),
        rules.troop_floor(80000, on=on),
        rules.saceur(on=on),
    ]
    for result in results:
        assert result.on == on and result.because, result
        assert result.outcome in RULE_OUTCOMES[result.rule], result
    # what the law says that year (treaty in force 1949-08-24, so Article 13 opens 1969-08-24;
    # NDAA FY2026 troop floor and SACEUR bar from 2025-12-18; Norway an ally since 1949)
    by_rule = {r.rule: r.outcome for r in results[1:]}
    assert results[1].outcome == ("not_available" if year < 1970 else "effective")
    assert by_rule["council.decide"] == "agreed"  # everyone supports: consensus holds
    assert by_rule["article4"] == "consultations_due"
    assert by_rule["us.troop_floor"] == ("no_floor" if year < 2026 else "at_or_above_floor")
    assert by_rule["us.saceur"] == ("practice_only" if year < 2026 else "statutory_bar")
