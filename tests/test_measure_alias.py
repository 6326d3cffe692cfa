"""`share_of_gdp`, deprecated, still works as the measure `pct_gdp` (issue 9): Python, CLI, web."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import natolab
from natolab.data.measures import MEASURES, MeasureDeprecationWarning
from natolab.store import Store

OLD = "share_" + "of_gdp"  # deprecated name (spelled so the rename script leaves it alone)


def test_the_measure_is_pct_gdp_and_the_old_name_is_no_measure_of_its_own() -> None:
    assert "pct_gdp" in MEASURES and OLD not in MEASURES


def test_python_gets_the_same_rows_with_a_warning(built_store_file: Path) -> None:
    nato = natolab.Alliance(on="2025-12-31", store=Store(built_store_file))
    new = nato.spending("pct_gdp", years=2024)
    with pytest.warns(MeasureDeprecationWarning, match=f"'{OLD}' is deprecated; use 'pct_gdp'"):
        old = nato.spending(OLD, years=2024)
    assert len(new) > 25
    assert old.equals(new)


def test_the_cli_says_so_in_one_line(store: Store) -> None:
    env = {**os.environ, "NATOLAB_HOME": str(store.path.parent)}
    args = ["data", "diff", "nato-2024-06", "nato-2025-08", "--format", "csv"]
    done = subprocess.run(
        [sys.executable, "-m", "natolab", *args, "--measure", OLD],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    same = subprocess.run(
        [sys.executable, "-m", "natolab", *args, "--measure", "pct_gdp"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"warning: measure '{OLD}' is deprecated; use 'pct_gdp'\n"
    assert done.stdout == same.stdout and same.stderr == ""


def test_the_web_api_answers_with_a_warning(store: Store) -> None:
    from fastapi.testclient import TestClient

    from natolab.web.app import create_app

    client = TestClient(create_app())
    old = client.get("/api/v1/spending", params={"measure": OLD, "ally": "POL", "from": 2024})
    new = client.get("/api/v1/spending", params={"measure": "pct_gdp", "ally": "POL", "from": 2024})
    assert old.status_code == 200 and new.status_code == 200
    body = old.json()
    assert body["measure"] == "pct_gdp"
    assert body["warnings"] == [f"measure '{OLD}' is deprecated; use 'pct_gdp'"]
    assert body["tables"] == new.json()["tables"] and "warnings" not in new.json()


def test_the_spending_model_takes_the_old_target_key() -> None:
    from natolab.sim.models.spending import SpendingLevers

    levers = {"targets": [{"from": 2015, OLD: 2.0}]}
    assert SpendingLevers.model_validate(levers).targets[0].pct_gdp == 2.0


def test_an_old_store_s_imported_rows_get_the_new_name(built_store_file: Path, tmp_path) -> None:
    """A store from before the rename: its imported release's rows are renamed when it opens."""
    import shutil

    old_file = tmp_path / "natolab.duckdb"
    shutil.copy(built_store_file, old_file)
    store = Store(old_file)
    with store.transaction() as con:
        con.execute("UPDATE releases SET origin = 'import' WHERE release = 'nato-2024-06'")
        con.execute(
            "UPDATE spending SET measure = ? WHERE measure = 'pct_gdp' AND release = 'nato-2024-06'",
            [OLD],
        )
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    assert store.needs_build()
    reopened = Store.open(old_file)
    rows = reopened.spending()
    assert not (rows["measure"] == OLD).any()
    assert (rows[rows["release"] == "nato-2024-06"]["measure"] == "pct_gdp").sum() > 25
