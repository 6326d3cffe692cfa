"""Fuzzing the workbook importer (issues 10 and 15): only NatolabError escapes, nothing hangs,
a refused import leaves the store byte-identical, and an accepted one holds no impossible figure
and loses no row without saying so."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natolab.errors import NatolabError
from natolab.sources.nato_workbook import read_workbook
from natolab.store import Store
from tests.fuzz.conftest import HANG_SECONDS, WORKBOOKS, Clock, Tally
from tests.fuzz.mutations import (
    NUMBERS,
    TEXTS,
    WORKBOOK_KINDS,
    WorkbookMutation,
    mutate_workbook,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "workbooks"
BASES = {
    path.name: path.read_bytes()
    for path in (
        FIXTURES / "240617-def-exp-2024-TABLES-en.xlsx",
        FIXTURES / "repro-def-exp-2025-en.xlsx",
        FIXTURES / "repro-def-exp-2026-en.xlsx",
    )
}
MONEY_AND_PEOPLE = ("_m", "per_capita", "personnel_thousands")
SHARES = ("pct_gdp", "_share_pct")
# NATO's own marks for "not available": a value replaced by one is missing, not lost.
EMPTYING = ("..", "")

mutation = st.builds(
    WorkbookMutation,
    kind=st.sampled_from(WORKBOOK_KINDS),
    where=st.integers(0, 10**6),
    number=st.sampled_from(NUMBERS),
    text=st.sampled_from(TEXTS),
)


class Target:
    """A store on disk and its pristine copy, plus the row count of each unmutated workbook."""

    def __init__(self, folder: Path, built: Path) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.home.mkdir()
        self.pristine = built
        self.path = self.home / "natolab.duckdb"
        shutil.copyfile(built, self.path)
        unmutated = {name: read_workbook(self.write(name, data)) for name, data in BASES.items()}
        self.rows = {name: len(imported.rows) for name, imported in unmutated.items()}
        self.warnings = {name: set(imported.warnings) for name, imported in unmutated.items()}

    def write(self, name: str, content: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(content)
        return path

    def digest(self) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.home.iterdir()}

    def restore(self) -> None:
        for stray in self.home.iterdir():
            stray.unlink()
        shutil.copyfile(self.pristine, self.path)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory, built_store_file: Path) -> Target:
    return Target(tmp_path_factory.mktemp("fuzz-workbooks"), built_store_file)


@settings(
    max_examples=WORKBOOKS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(base=st.sampled_from(sorted(BASES)), mutations=st.lists(mutation, min_size=1, max_size=3))
def test_the_importer_only_raises_natolab_errors_and_refusals_leave_the_store_alone(
    target: Target, tally: Tally, base: str, mutations: list[WorkbookMutation]
) -> None:
    path = target.write(base, mutate_workbook(BASES[base], mutations))
    before = target.digest()
    clock = Clock()
    try:
        imported = read_workbook(path)
        Store(target.path).import_release(imported, replace=True)
    except NatolabError as exc:
        cpu, wall = clock.stop()
        tally.add("workbook", type(exc).__name__, cpu, wall)
        assert target.digest() == before, "a refused import changed the store"
        assert cpu < HANG_SECONDS
        return
    cpu, wall = clock.stop()
    tally.add("workbook", "accepted", cpu, wall)
    target.restore()
    assert cpu < HANG_SECONDS
    rows = imported.rows
    assert rows["value"].notna().all() and (rows["value"].abs() < 1e12).all()
    money = rows["measure"].str.contains("|".join(MONEY_AND_PEOPLE))
    assert (rows.loc[money, "value"] >= 0).all()
    shares = rows["measure"].str.contains("|".join(SHARES))
    assert rows.loc[shares, "value"].between(0, 100).all()
    emptied = any(m.kind == "text" and m.text in EMPTYING for m in mutations)
    if len(rows) < target.rows[base] and not emptied:
        new = set(imported.warnings) - target.warnings[base]
        assert new, f"{target.rows[base] - len(rows)} values lost without a word"
