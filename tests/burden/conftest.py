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
