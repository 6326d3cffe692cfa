"""Dated parameters: one value (or 'not in force') on every date; reforms never mutate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from natolab import Reform, parameters
from natolab.errors import DataError, InputError
from natolab.parameter_tree import load_parameters, parse_parameter

MONTHS = [date(year, month, 1) for year in range(1949, 2037) for month in range(1, 13)]


def test_every_parameter_resolves_once_on_every_month() -> None:
    for parameter in load_parameters().values():
        starts = [entry.since for entry in parameter.history]
        assert starts == sorted(starts), f"{parameter.name}: unsorted dates"
        for month in MONTHS:
            entry = parameter.entry_on(month)
            in_force = [e for e in parameter.history if e.since <= month]
            assert entry == (in_force[-1] if in_force else None)
            if entry is not None:
                assert entry.reference, f"{parameter.name} on {month}: no reference"


def test_guideline_is_two_percent_after_wales_and_cites_its_source() -> None:
    value = parameters("2016-06-01").get("defence_guideline_share_of_gdp")
    assert value.value == 2.0
    assert value.since == date(2014, 9, 5)
    assert value.reference.startswith("src-")
    assert "2002" in value.uncertainty


def test_a_reform_returns_a_new_tree_and_leaves_the_base_alone() -> None:
    base = parameters("2030-01-01")
    reformed = base.with_reforms([Reform("four percent", {"defence_guideline_share_of_gdp": 4.0})])
    assert reformed.value("defence_guideline_share_of_gdp") == 4.0
    assert reformed.get("defence_guideline_share_of_gdp").reform == "four percent"
    assert reformed.reforms == ("four percent",)
    assert base.value("defence_guideline_share_of_gdp") == 2.0
    assert base.reforms == ()


def test_a_dated_reform_applies_only_from_its_date() -> None:
    reform = Reform("from 2028", {"defence_guideline_share_of_gdp": {"2028-01-01": 3.0}})
    tree = parameters("2027-06-01", [reform])
    assert tree.value("defence_guideline_share_of_gdp") == 2.0
    assert tree.at(date(2028, 6, 1)).value("defence_guideline_share_of_gdp") == 3.0


def test_a_reform_of_an_unknown_parameter_is_refused() -> None:
    with pytest.raises(InputError, match="unknown parameter 'no_such_rule'"):
        parameters("2025-01-01", [Reform("typo", {"no_such_rule": 1})])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("unit: x\nvalues: {2020-01-01: {value: 1, reference: a}}", "missing key 'description'"),
        ("description: d\nunit: x\nvalues: {2020-13-01: {value: 1, reference: a}}", "invalid date"),
        ("description: d\nunit: x\nvalues: {2020-01-01: {reference: a}}", "missing 'value'"),
        ("description: d\nunit: x\nvalues: {2020-01-01: {value: 1}}", "missing 'reference'"),
        ("description: d\nunit: x\nvalues: []", "non-empty mapping"),
    ],
)
def test_malformed_parameter_files_are_rejected_with_the_key(text: str, problem: str) -> None:
    with pytest.raises(DataError, match=problem):
        parse_parameter("p", text, "p.yaml")


TWICE = """description: d
unit: x
values:
  2014-09-05: {value: 2.0, reference: a}
  2020-01-01: {value: 3.0, reference: a}
  2014-09-05: {value: 2.5, reference: b}
"""


def test_two_values_on_one_date_are_refused_at_load_naming_file_and_date() -> None:
    # yaml.safe_load would keep 2.5 and drop 2.0 without a word
    with pytest.raises(DataError) as err:
        parse_parameter("p", TWICE, "guideline.yaml")
    message = str(err.value)
    assert message.startswith("guideline.yaml: two values on the same date 2014-09-05")
    assert "lines 4 and 6" in message


def test_a_date_written_once_as_text_and_once_as_a_date_is_the_same_date() -> None:
    text = TWICE.replace("  2014-09-05: {value: 2.5", '  "2014-09-05": {value: 2.5')
    with pytest.raises(DataError, match=r"^p\.yaml: two values on the same date 2014-09-05"):
        parse_parameter("p", text, "p.yaml")


def test_a_repeated_date_in_a_parameter_folder_stops_the_load(tmp_path: Path) -> None:
    (tmp_path / "guideline.yaml").write_text(TWICE, encoding="utf-8")
    with pytest.raises(DataError, match="guideline.yaml: two values on the same date 2014-09-05"):
        load_parameters(tmp_path)
