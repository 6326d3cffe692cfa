"""A run's id covers the data it read: changed figures are recomputed, unchanged ones reused.

Issue 16.1's reproducer: a workbook of the same release imported with personnel divided by 100
used to be answered from the blocks computed on the real figures.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from natolab.alliance import Alliance
from natolab.sources.nato_workbook import read_workbook
from natolab.store import Store
from tests.conftest import FIXTURES

from .conftest import frames_equal

WORKBOOK = FIXTURES / "workbooks" / "240617-def-exp-2024-TABLES-en.xlsx"
ON = "2024-07-01"  # nato-2024-06 (the workbook's release) is the latest one visible then
OPTIONS = {"runs": 1024, "seed": 7, "block_runs": 256, "quiet": True}


def personnel_divided(target: Path, divisor: float) -> Path:
    """A copy of NATO's real 2024 workbook with every personnel figure (Table 7) divided."""
    shutil.copyfile(WORKBOOK, target)
    book = openpyxl.load_workbook(target)
    changed = 0
    for row in book["TABLE7"].iter_rows():
        for cell in row:
            value = cell.value
            if _is_figure(value):
                cell.value = value / divisor
                changed += 1
    assert changed > 100
    book.save(target)
    return target


def _is_figure(value: object) -> bool:
    """A number that is neither a year header nor a footnote mark."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and value > 3 and not 1990 <= value <= 2100  # type: ignore[operator]


def run(store: Store) -> object:
    return Alliance(on=ON, store=store).simulate("baltic-article5", **OPTIONS)


def ratio_day30(result: object) -> float:
    """The mean force ratio on day 30 of the first case: the reproducer's figure."""
    frame = result.tables["ratio"]  # type: ignore[attr-defined]
    return float(frame[frame["day"] == 30]["mean"].iloc[0])


@pytest.fixture()
def first(store: Store) -> object:
    result = run(store)
    assert result.blocks_computed == 4  # type: ignore[attr-defined]
    return result


def test_identical_inputs_reuse_every_block(store: Store, first: object) -> None:
    again = run(store)
    assert again.run_id == first.run_id  # type: ignore[attr-defined]
    assert (again.blocks_reused, again.blocks_computed) == (4, 0)  # type: ignore[attr-defined]
    frames_equal(again.tables, first.tables)  # type: ignore[attr-defined]


def test_a_release_the_run_cannot_see_does_not_change_its_id(
    store: Store, first: object, tmp_path: Path
) -> None:
    later = read_workbook(
        personnel_divided(tmp_path / "later.xlsx", 100),
        release="nato-2025-01",
        published=date(2025, 1, 15),
    )
    store.import_release(later)  # published after ON, so not read by the run
    again = run(store)
    assert again.run_id == first.run_id  # type: ignore[attr-defined]
    assert again.blocks_computed == 0  # type: ignore[attr-defined]


def test_changed_data_of_the_same_release_is_recomputed(
    store: Store, first: object, tmp_path: Path
) -> None:
    changed = read_workbook(personnel_divided(tmp_path / "240617-changed.xlsx", 100))
    assert changed.release == "nato-2024-06"
    store.import_release(changed, replace=True)
    second = run(store)
    assert second.run_id != first.run_id  # type: ignore[attr-defined]
    assert (second.blocks_reused, second.blocks_computed) == (0, 4)  # type: ignore[attr-defined]
    assert ratio_day30(second) < ratio_day30(first) / 10  # forces scale with personnel
    # The same changed file imported again is the same data: every block is reused.
    store.import_release(changed, replace=True)
    third = run(store)
    assert third.run_id == second.run_id  # type: ignore[attr-defined]
    assert third.blocks_computed == 0  # type: ignore[attr-defined]
    frames_equal(third.tables, second.tables)  # type: ignore[attr-defined]


def test_the_fingerprint_is_of_the_data_read_not_of_where_results_go(
    store: Store, first: object, tmp_path: Path
) -> None:
    elsewhere = Store(tmp_path / "results.duckdb")
    elsewhere.build()
    changed = read_workbook(personnel_divided(tmp_path / "240617-changed.xlsx", 100))
    elsewhere.import_release(changed, replace=True)  # the results store's own data differs
    kept = Alliance(on=ON, store=store).simulate("baltic-article5", store=elsewhere, **OPTIONS)
    assert kept.run_id == first.run_id  # type: ignore[attr-defined]
    frames_equal(kept.tables, first.tables)  # type: ignore[attr-defined]
