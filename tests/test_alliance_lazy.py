"""``Alliance`` opens its DuckDB store on first use of the data, never to answer a rule.

The members, the parameters and the rules come from the bundled files, so constructing an
Alliance and asking its rules must work where no store can be opened at all; the rules CLI goes
through ``Alliance(...).rules`` and so works with an unusable NATOLAB_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from natolab import Alliance
from natolab.store import Store


@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path | str | None]:
    """Every call of ``Store.open`` from now on (the real one still runs), in order."""
    calls: list[Path | str | None] = []
    real_open = Store.open.__func__  # type: ignore[attr-defined]

    def counting_open(cls: type[Store], path: Path | str | None = None) -> Store:
        calls.append(path)
        return real_open(cls, path)

    monkeypatch.setattr(Store, "open", classmethod(counting_open))
    return calls


def test_construction_and_rules_open_no_store(opened: list[Path | str | None]) -> None:
    nato = Alliance(on="2026-06-01", reforms=["qualified_majority"])
    assert nato.rules.decide("act", stances={"HUN": "object"}, others="support").outcome == (
        "agreed"
    )
    assert "POL" in set(nato.members["iso3"])
    assert nato.parameters.value("nac_decision_rule") == "majority:2/3"
    assert opened == []


def test_the_store_opens_on_first_use_of_the_data_and_once(
    natolab_home: Path, opened: list[Path | str | None]
) -> None:
    nato = Alliance(on="2024-12-31")
    assert not (natolab_home / "natolab.duckdb").exists()
    shares = nato.spending(years=2024)
    assert len(opened) == 1 and (natolab_home / "natolab.duckdb").exists()
    assert nato.spending(years=2023)["year"].eq(2023).all() and len(shares) > 0
    assert len(opened) == 1  # the same store afterwards


def natolab(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh process, with NATOLAB_HOME set to ``home``."""
    env = {**os.environ, "NATOLAB_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "natolab", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_rules_commands_work_where_no_store_can_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    home = blocker / "home"  # nothing can be created under a regular file, not even by root
    accede = natolab("rules", "accede", "UKR", "--on", "2026-01-01", "--format", "json", home=home)
    assert accede.returncode == 0, accede.stderr
    assert json.loads(accede.stdout)["outcome"] == "eligible"
    leave = natolab(
        "rules", "withdraw", "USA", "--notice", "2027-01-20", "--format", "json", home=home
    )
    assert leave.returncode == 0, leave.stderr
    assert json.loads(leave.stdout)["rule"] == "article13.withdrawal"
    # the control: a command that needs the data fails in this home, with one line
    data = natolab("compliance", "--year", "2024", home=home)
    assert data.returncode == 2 and "Traceback" not in data.stderr, data.stderr
    assert "cannot create the natolab home" in data.stderr
