"""``natolab.dates.as_date``: the one parser of user-given dates."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from natolab.alliance import Alliance
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.store import Store


@pytest.mark.parametrize(
    "value",
    [
        datetime(2024, 12, 31, 12),
        datetime(2024, 12, 31, 23, 59, 59),
        pd.Timestamp("2024-12-31 06:00"),
    ],
)
def test_a_datetime_is_its_calendar_day(value: datetime) -> None:
    converted = as_date(value)
    assert type(converted) is date
    assert converted == date(2024, 12, 31)


def test_an_alliance_on_a_datetime_is_the_alliance_on_that_day(store: Store) -> None:
    noon = Alliance(on=datetime(2024, 12, 31, 12), store=store)
    day = Alliance(on="2024-12-31", store=store)
    assert noon.on == date(2024, 12, 31)
    pd.testing.assert_frame_equal(noon.members, day.members)
    assert len(noon.members) == 32  # Sweden joined on 7 March 2024


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "", 2024])
def test_anything_else_is_refused(value: object) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        as_date(value)  # type: ignore[arg-type]
