"""Shared fixtures: a real DuckDB store built from the bundle, in a temporary NATOLAB_HOME."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from natolab.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store file built from the bundle per test session (copied by the fixtures below)."""
    path = tmp_path_factory.mktemp("store") / "natolab.duckdb"
    Store(path).build()
    return path


@pytest.fixture()
def natolab_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty NATOLAB_HOME for this test."""
    home = tmp_path / "home"
    monkeypatch.setenv("NATOLAB_HOME", str(home))
    return home


@pytest.fixture()
def store(natolab_home: Path, built_store_file: Path) -> Iterator[Store]:
    """A fresh, writable copy of the bundled store, at the default location of NATOLAB_HOME."""
    natolab_home.mkdir(parents=True, exist_ok=True)
    target = natolab_home / "natolab.duckdb"
    shutil.copyfile(built_store_file, target)
    yield Store(target)
