"""The Python API as an analyst meets it in a notebook: names resolve, bad input is refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

import natolab
from natolab import InputError, NatolabError, UnknownAllyError, UnknownReleaseError
from natolab.store import Store

E2024 = "nato-2024-06"


def test_allies_resolve_like_the_cli(store: Store) -> None:
    nato = natolab.Alliance(release=E2024)
    by_name = nato.spending(allies=["Germany"], years=2024)
    by_code = nato.spending(allies="DEU", years=[2024])
    by_lower = nato.spending(allies=["deu"], years=(2024,))
    for frame in (by_name, by_code, by_lower):
        assert frame[["iso3", "year"]].values.tolist() == [["DEU", 2024]]
    assert by_name["value"].iloc[0] == pytest.approx(2.12, abs=0.005)  # NATO, June 2024: 2.12%
    two = nato.spending(allies=["Poland", "esp"], years=2024)
    assert sorted(two["iso3"]) == ["ESP", "POL"]


def test_unknown_ally_is_refused_with_suggestions(store: Store) -> None:
    nato = natolab.Alliance(release=E2024)
    with pytest.raises(UnknownAllyError, match=r"did you mean Germany \(DEU\)"):
        nato.spending(allies=["Germny"])
    with pytest.raises(InputError, match="years must be"):
        nato.spending(years="2024")  # type: ignore[arg-type]


def test_user_input_errors_are_input_errors() -> None:
    assert issubclass(UnknownAllyError, InputError) and issubclass(UnknownReleaseError, InputError)
    assert issubclass(InputError, NatolabError)


def test_contradictory_release_and_date_are_refused(store: Store) -> None:
    # In Python a named release overrides the date (DESIGN.md); the CLI reports the contradiction
    assert set(natolab.Alliance(on="2020-01-01", release=E2024).spending()["release"]) == {E2024}
    with pytest.raises(UnknownReleaseError):
        natolab.Alliance(release="nato-1999-01")
    with pytest.raises(InputError, match="no release was published by 1999-01-01"):
        natolab.Alliance(on="1999-01-01").spending()


def test_reforms_by_name_and_reform_checked_when_built(store: Store) -> None:
    nato = natolab.Alliance(reforms=["qualified_majority"])
    assert [r.name for r in nato.reforms] == ["qualified_majority"]
    with pytest.raises(InputError, match="unknown reform 'nope'"):
        natolab.Alliance(reforms=["nope"])
    with pytest.raises(InputError, match="unknown parameter 'defence_guidline_share_of_gdp'"):
        natolab.Reform("typo", {"defence_guidline_share_of_gdp": 4.0})
    with pytest.raises(InputError, match="takes a float"):
        natolab.Reform("wrong type", {"defence_guideline_share_of_gdp": "four"})
    with pytest.raises(InputError, match="invalid date"):
        natolab.Reform("bad date", {"defence_guideline_share_of_gdp": {"someday": 3.0}})
    ok = natolab.Reform("three", {"defence_guideline_share_of_gdp": {"2028-01-01": 3}})
    assert natolab.parameters("2029-01-01", [ok]).value("defence_guideline_share_of_gdp") == 3


def test_public_names_and_help() -> None:
    public = [name for name in dir(natolab) if not name.startswith("_")]
    assert public == sorted(n for n in natolab.__all__ if not n.startswith("_"))
    assert {"Alliance", "Reform", "InputError", "UnknownAllyError"} <= set(public)
    doc = natolab.Alliance.__doc__ or ""
    for word in ("``on``", "``release``", "``reforms``", "pct_gdp", "Example"):
        assert word in doc


def test_results_have_short_reprs_and_html(store: Store) -> None:
    nato = natolab.Alliance(release=E2024)
    report = nato.compliance(2016)
    text = repr(report)
    assert text.startswith("ComplianceReport(") and "<table 32x" in text and len(text) < 400
    html = report._repr_html_()
    assert "<table" in html and "Compliance, 2016" in html
    assert repr(nato) == "Alliance(on=" + repr(nato.on.isoformat()) + ", release='nato-2024-06')"
    assert "Alliance(" in nato._repr_html_()


def test_python_m_natolab_runs_the_cli(store: Store) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "natolab", "status", "--release", E2024, "--format", "csv"],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert result.returncode == 0, result.stderr
    assert "iso3" in result.stdout.splitlines()[0] and len(result.stdout.splitlines()) == 33
    bad = subprocess.run(
        [sys.executable, "-m", "natolab", "status", "--year", "1900"],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_frames_stay_frames(store: Store) -> None:
    assert isinstance(natolab.Alliance(release=E2024).spending(years=2024), pd.DataFrame)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"runs": 0}, "runs must be between 1"),
        ({"runs": -5}, "runs must be between 1"),
        ({"runs": 2.5}, "runs must be a whole number"),
        ({"seed": -1}, "seed must be between 0"),
        ({"seed": 2**64}, "seed must be between 0"),
    ],
)
def test_simulate_refuses_counts_it_cannot_use(
    options: dict[str, object], message: str, store: Store
) -> None:
    with pytest.raises(InputError, match=message):
        natolab.Alliance(release=E2024).simulate("wales-backtest-2014", store=False, **options)
