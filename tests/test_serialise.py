"""The one serialisation shared by the CLI and the web API."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from natolab.serialise import document, dumps, records


def test_missing_values_become_null_not_nan() -> None:
    frame = pd.DataFrame({"iso3": ["DEU", "ISL"], "pct_gdp": [2.12, np.nan]})
    assert records(frame) == [
        {"iso3": "DEU", "pct_gdp": 2.12},
        {"iso3": "ISL", "pct_gdp": None},
    ]


def test_numpy_and_dates_are_plain_json() -> None:
    frame = pd.DataFrame(
        {
            "year": np.array([2024], dtype="int64"),
            "meets": [np.bool_(True)],
            "on": [dt.date(2024, 6, 17)],
        }
    )
    text = dumps(document({"rows": frame}, as_of=dt.date(2024, 12, 31), count=np.int64(3)))
    parsed = json.loads(text)
    assert parsed == {
        "as_of": "2024-12-31",
        "count": 3,
        "tables": {"rows": [{"year": 2024, "meets": True, "on": "2024-06-17"}]},
    }


def test_nan_outside_a_table_is_null_and_strict_json_holds() -> None:
    text = dumps({"value": float("nan"), "inf": float("inf")})
    assert json.loads(text) == {"value": None, "inf": None}
    with pytest.raises(ValueError):
        json.dumps({"v": float("nan")}, allow_nan=False)
