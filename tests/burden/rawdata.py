"""Raw NATO figures for the money tests, read straight from the bundled CSV.

Expected values in these tests are derived from NATO's figures as bundled (or from the facts
file), not through natolab's store or views, so a bug there cannot make both sides agree.
"""

from __future__ import annotations

import pandas as pd

from natolab.data.bundle import bundle_path

E2024 = "nato-2024-06"


def raw(release: str, measure: str, aggregates: bool = False) -> pd.DataFrame:
    """One release's values of one measure, wide: index iso3, columns years.

    NATO's own aggregates (NATO_TOTAL, NATO_EUR_CAN) only with ``aggregates=True``.
    """
    frame = pd.read_csv(bundle_path("spending.csv"))
    frame = frame[(frame["release"] == release) & (frame["measure"] == measure)]
    if not aggregates:
        frame = frame[~frame["iso3"].str.startswith("NATO_")]
    return frame.pivot(index="iso3", columns="year", values="value")
