"""The DuckDB store: built from the bundle on first use; every import is all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from natolab.data.measures import SPENDING_COLUMNS
from natolab.sources.nato_workbook import ImportedRelease
from natolab.store import Store


def release_from_bundle(store: Store, release_id: str = "nato-test-01") -> ImportedRelease:
    rows = store.query("SELECT * FROM spending WHERE release = 'nato-2024-06'")
    rows["release"] = release_id
    rows["source_id"] = "import-0123456789ab"
    return ImportedRelease(
        release_id,
        "test release",
        date(2030, 1, 1),
        2015,
        (2029,),
        "ab" * 32,
        "t.xlsx",
        "import-0123456789ab",
        rows[list(SPENDING_COLUMNS)],
    )


def snapshot(store: Store) -> pd.DataFrame:
    frame = store.query("SELECT * FROM spending ORDER BY ALL")
    return frame.astype(str)


def test_store_is_created_from_the_bundle_on_first_use(natolab_home: Path) -> None:
    store = Store.open()
    assert store.path == natolab_home / "natolab.duckdb"
    assert store.path.exists()
    releases = set(store.releases()["release"])
    assert {"nato-2024-06", "nato-2025-08", "nato-2026-07"} <= releases
    bundled = pd.read_csv(Path(__file__).parents[1] / "src/natolab/data/files/spending.csv")
    assert len(store.spending()) == len(bundled)


def test_import_adds_a_release_and_touches_no_other(store: Store) -> None:
    before = snapshot(store)
    summary = store.import_release(release_from_bundle(store))
    assert summary.changed and summary.rows_before == 0 and summary.rows_after > 1000
    after = store.spending()
    assert snapshot(Store(store.path)).shape[0] == before.shape[0] + summary.rows_after
    others = after[after["release"] != "nato-test-01"].astype(str)
    pd.testing.assert_frame_equal(
        others.sort_values(list(others.columns)).reset_index(drop=True),
        before.sort_values(list(before.columns)).reset_index(drop=True),
    )
    sources = store.query("SELECT * FROM sources WHERE source_id = 'import-0123456789ab'")
    assert sources["title"].str.contains("t.xlsx").all()


def test_importing_the_same_release_twice_changes_nothing(store: Store) -> None:
    release = release_from_bundle(store)
    store.import_release(release)
    first = snapshot(store)
    summary = store.import_release(release)
    assert not summary.changed
    pd.testing.assert_frame_equal(first, snapshot(store))


def test_a_failed_import_leaves_the_store_as_it_was(store: Store) -> None:
    before = snapshot(store)
    broken = release_from_bundle(store)
    rows = broken.rows.copy()
    rows.loc[rows.index[-1], "iso3"] = None  # violates NOT NULL on the last row
    with pytest.raises(Exception, match="NOT NULL"):
        store.import_release(replace(broken, rows=rows))
    pd.testing.assert_frame_equal(before, snapshot(store))
    assert "nato-test-01" not in set(store.releases()["release"])


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from natolab.store import Store
    from tests.test_store import release_from_bundle

    def pause_inside_transaction(con, imported):
        print("inside", flush=True)
        time.sleep(120)

    store = Store(sys.argv[1])
    Store._register_source = staticmethod(pause_inside_transaction)
    store.import_release(release_from_bundle(store))
    """
)


def test_a_killed_import_leaves_the_store_as_it_was(store: Store) -> None:
    before = snapshot(store)
    root = Path(__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(store.path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "inside"  # rows inserted, not committed
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    pd.testing.assert_frame_equal(before, snapshot(store))
    assert "nato-test-01" not in set(store.releases()["release"])


def test_build_keeps_imported_releases(store: Store) -> None:
    store.import_release(release_from_bundle(store))
    store.build()
    assert "nato-test-01" in set(store.releases()["release"])
    assert len(store.query("SELECT * FROM spending WHERE release = 'nato-test-01'")) > 1000


def test_a_store_from_an_older_bundle_is_refreshed_keeping_imports(store: Store) -> None:
    store.import_release(release_from_bundle(store))
    with store.transaction() as con:
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'bundle_manifest_sha256'")
        con.execute("DELETE FROM spending WHERE release = 'nato-2025-08'")
    assert store.needs_build()
    reopened = Store.open(store.path)
    assert not reopened.needs_build()
    releases = set(reopened.spending()["release"])
    assert {"nato-2025-08", "nato-test-01"} <= releases


def test_a_store_of_the_previous_schema_gains_a_content_hash_per_release(store: Store) -> None:
    store.import_release(release_from_bundle(store))
    with store.transaction() as con:
        con.execute("ALTER TABLE releases DROP COLUMN content_sha256")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert store.needs_build()
    hashes = Store.open(store.path).query("SELECT release, content_sha256 FROM releases")
    assert "nato-test-01" in set(hashes["release"])
    assert hashes["content_sha256"].str.fullmatch("[0-9a-f]{64}").all()
    assert hashes["content_sha256"].nunique() == len(hashes)


def test_a_release_content_hash_follows_its_figures_not_their_order(store: Store) -> None:
    release = release_from_bundle(store)
    store.import_release(release)
    first = store.data_fingerprint(date(2030, 1, 1))
    shuffled = release.rows.sample(frac=1.0, random_state=1)
    store.import_release(replace(release, rows=shuffled))
    assert store.data_fingerprint(date(2030, 1, 1)) == first
    assert store.data_fingerprint(date(2029, 12, 31)) != first  # the release is not out yet
    changed = release.rows.copy()
    changed.loc[changed.index[0], "value"] = 1e9
    store.import_release(replace(release, rows=changed))
    assert store.data_fingerprint(date(2030, 1, 1)) != first
    assert store.data_fingerprint(date(2030, 1, 1), "nato-2024-06") == store.data_fingerprint(
        date(2000, 1, 1), "nato-2024-06"
    )  # a pinned release is read whatever the date
