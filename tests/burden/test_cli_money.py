"""The money commands, mounted on a test app exactly as cli/main.py is to mount them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from natolab.cli import money
from natolab.errors import InputError, UnknownAllyError
from natolab.store import Store
from tests.burden.rawdata import E2024, raw

runner = CliRunner()
app = typer.Typer(pretty_exceptions_enable=False)
app.command("compliance")(money.compliance)
app.command("trajectory")(money.trajectory)
app.command("burden")(money.burden)
app.command("freeride")(money.freeride)
app.add_typer(money.chart_app, name="chart")


def document(text: str) -> dict:
    """The one JSON document a command printed (json.loads refuses anything more)."""
    return json.loads(text)


def test_compliance_json_has_every_column_and_the_counts(store: Store) -> None:
    result = runner.invoke(
        app, ["compliance", "--release", E2024, "--year", "2016", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = document(result.output)
    assert doc["title"].startswith("Compliance, 2016: in 2016, 5 of 27 allies with a published")
    assert {"release", "target_reference", "gap_usd_m", "reason"} <= set(doc["tables"]["allies"][0])
    assert doc["tables"]["counts"][0]["at_or_above"] == 5


def test_compliance_table_for_people(store: Store) -> None:
    result = runner.invoke(
        app, ["compliance", "--release", E2024, "--year", "2023"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    # 2023: 31 members (Finland from April, Sweden only in 2024), Iceland without a figure
    text = " ".join(result.output.split())
    assert "10 of 30 allies with a published figure at or above 2% of GDP" in text
    assert "(31 members that year)" in text


def test_trajectory_csv(store: Store) -> None:
    args = ["trajectory", "Germany", "--target", "3.5", "--by", "2035", "--gdp-growth", "1"]
    result = runner.invoke(app, [*args, "--release", E2024, "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("year,pct_gdp") and len(lines) == 1 + 12
    share = raw(E2024, "pct_gdp").loc["DEU", 2024]
    rate = float(lines[1].split(",")[lines[0].split(",").index("required_real_growth_pct")])
    assert rate == pytest.approx(100 * ((3.5 / share) ** (1 / 11) * 1.01 - 1))


def test_trajectory_of_several_allies_prints_each_ally(store: Store) -> None:
    result = runner.invoke(
        app, ["trajectory", "POL", "ESP", "--release", E2024, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = document(result.output)
    assert [row["iso3"] for row in doc["tables"]["per_ally"]] == ["POL", "ESP"]
    assert doc["tables"]["path"][-1]["year"] == 2035 and doc["by"] == 2035


def test_burden_and_freeride(store: Store) -> None:
    burden = runner.invoke(app, ["burden", "--release", E2024, "--format", "json"])
    assert burden.exit_code == 0, burden.output
    doc = document(burden.output)
    assert "2024" in doc["title"] and len(doc["tables"]["allies"]) == 32
    assert doc["tables"]["us_share"][-1]["year"] == 2024
    freeride = runner.invoke(
        app, ["freeride", "--from", "2020", "--to", "2022", "--release", E2024, "--format", "csv"]
    )
    assert freeride.exit_code == 0, freeride.output
    assert [line.split(",")[0] for line in freeride.output.strip().splitlines()[1:]] == [
        "2020",
        "2021",
        "2022",
    ]


@pytest.mark.parametrize("kind", ["compliance", "trajectory", "burden"])
def test_chart_commands_write_files(store: Store, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.png"
    extra = ["Germany"] if kind == "trajectory" else []
    result = runner.invoke(app, ["chart", kind, *extra, "-o", str(out), "--release", E2024])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["compliance", "--year", "2040"], InputError),
        (["compliance", "--target", "0"], InputError),
        (["trajectory", "Germny"], UnknownAllyError),
        (["trajectory", "Germany", "--by", "2020"], InputError),
    ],
)
def test_bad_input_raises_one_natolab_error(store: Store, args: list[str], error: type) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0 and isinstance(result.exception, error)


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys, natolab.cli.money; "
        "print(any(m in sys.modules for m in ('pandas', 'scipy', 'matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
