"""Fixtures for the simulation tests: an Alliance on a fresh store, small scenarios."""

from __future__ import annotations

from typing import Any

import pytest

from natolab.alliance import Alliance
from natolab.sim.scenario import Scenario, load_scenario
from natolab.store import Store


@pytest.fixture()
def nato(store: Store) -> Alliance:
    return Alliance(on="2026-11-24", store=store)


@pytest.fixture(scope="session")
def backtest() -> Scenario:
    return load_scenario("wales-backtest-2014")


@pytest.fixture(scope="session")
def hague() -> Scenario:
    return load_scenario("hague-2035")


def frames_equal(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Every table identical, bit for bit."""
    import pandas as pd

    assert sorted(a) == sorted(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)
