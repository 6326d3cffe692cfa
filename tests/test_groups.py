"""Named groups of allies: one definition of "Europe and Canada" for every layer."""

from __future__ import annotations

import pytest

from natolab.data.groups import ALLIANCE, EUROPE_AND_CANADA, group, group_label


def test_spellings_name_the_two_groups_and_an_ally_names_none() -> None:
    assert group_label(" EUR_CAN ") == EUROPE_AND_CANADA
    assert group_label("NATO total") == ALLIANCE
    assert group_label("Poland") is None


def test_europe_and_canada_is_every_member_but_the_united_states_in_order() -> None:
    members = ["BEL", "CAN", "USA", "POL"]
    assert group(EUROPE_AND_CANADA, members) == ("BEL", "CAN", "POL")
    assert group(ALLIANCE, members) == ("BEL", "CAN", "USA", "POL")


def test_an_unknown_label_is_refused() -> None:
    with pytest.raises(KeyError):
        group("Nordics", ["NOR"])
