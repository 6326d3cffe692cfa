"""Fixtures for the money tests: the alliance of NATO's June 2024 tables, and the latest view."""

from __future__ import annotations

import pytest

from natolab.alliance import Alliance
from natolab.store import Store
from tests.burden.rawdata import E2024


@pytest.fixture()
def e2024(store: Store) -> Alliance:
    """The alliance as NATO's June 2024 tables describe it."""
    return Alliance(release=E2024, store=store)


@pytest.fixture()
def latest(store: Store) -> Alliance:
    """The alliance as of the dataset's compilation date: the latest release per value."""
    return Alliance(on="2026-11-24", store=store)


@pytest.fixture()
def before_july_2026(store: Store) -> Alliance:
    """The latest view just before NATO's July 2026 edition: 2025 shares with gaps, no 2025 GDP.

    Keeps the cases of missing figures testable now that the 2026 edition filled every cell.
    """
    return Alliance(on="2026-06-30", store=store)


@pytest.fixture()
def one_figure_withheld(store: Store) -> Alliance:
    """The latest view with the Netherlands' 2026 spending in dollars removed from this store copy.

    Since July 2026 NATO's tables have every ally's dollars, so the case of an ally without a
    figure is made by deleting one real row from a private copy of the store.
    """
    with store.transaction() as con:
        con.execute(
            "DELETE FROM spending WHERE release = 'nato-2026-07' AND iso3 = 'NLD'"
            " AND year = 2026 AND measure = 'usd_current_m'"
        )
    return Alliance(on="2026-11-24", store=store)
