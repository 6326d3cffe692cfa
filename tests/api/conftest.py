"""A TestClient over the real app on a private copy of the bundled store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from natolab.store import Store
from natolab.web.app import create_app
from natolab.web.jobs import Jobs


@pytest.fixture()
def client(store: Store) -> Iterator[TestClient]:
    """The app with small job limits (a test must not start a 100,000-run job)."""
    with TestClient(create_app(Jobs(max_active=1, max_runs=5000))) as test_client:
        yield test_client
