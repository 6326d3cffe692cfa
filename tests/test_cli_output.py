"""Machine output: ``--format json`` is exactly one JSON document, ``--format csv`` one table.

Both go through natolab.serialise, the web API's serialisation: missing values are null, never
NaN, and pandas reads the CSV back with the columns the JSON document's main table has.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from natolab.cli.main import app
from natolab.store import Store

runner = CliRunner()
E2024 = ["--release", "nato-2024-06"]
COMMANDS = {
    # argv: the main table's name (CSV prints it; JSON holds it first among its tables)
    ("status", *E2024): "allies",
    ("compliance", *E2024): "allies",
    ("trajectory", "POL", "ESP", *E2024): "path",
    ("burden", *E2024): "allies",
    ("freeride", *E2024): "years",
    ("data", "sources"): "sources",
}


@pytest.mark.parametrize("argv", list(COMMANDS), ids=" ".join)
def test_one_json_document_and_one_csv_table(argv: tuple[str, ...], store: Store) -> None:
    as_json = runner.invoke(app, [*argv, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    doc = json.loads(as_json.stdout)  # raises on a second document
    assert "NaN" not in as_json.stdout
    main = COMMANDS[argv]
    assert next(iter(doc["tables"])) == main and doc["tables"][main]
    as_csv = runner.invoke(app, [*argv, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    table = pd.read_csv(io.StringIO(as_csv.stdout))
    assert list(table.columns) == list(doc["tables"][main][0])
    assert len(table) == len(doc["tables"][main])


def test_several_tables_only_in_json(store: Store) -> None:
    doc = json.loads(runner.invoke(app, ["burden", *E2024, "--format", "json"]).stdout)
    assert set(doc["tables"]) == {"allies", "us_share"}
    assert len(doc["tables"]["allies"]) == 32 and doc["tables"]["us_share"][-1]["year"] == 2024


def test_rules_json_is_one_document(store: Store) -> None:
    out = runner.invoke(app, ["rules", "troop-floor", "--troops", "70000", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["rule"] == "us.troop_floor"


def test_sim_run_and_show_print_one_document(store: Store) -> None:
    ran = runner.invoke(
        app, ["sim", "run", "wales-backtest-2014", "--runs", "200", "--quiet", "--format", "json"]
    )
    assert ran.exit_code == 0, ran.output
    doc = json.loads(ran.stdout)
    assert "backtest" in doc["tables"] and doc["run_id"]
    shown = runner.invoke(app, ["sim", "show", doc["run_id"][:8], "--format", "json"])
    assert shown.exit_code == 0, shown.output
    full = json.loads(shown.stdout)
    assert {"run", "backtest", "fit"} <= set(full["tables"])
    record = pd.read_csv(io.StringIO(runner.invoke(app, ["sim", "show", doc["run_id"][:8],
                                                          "--format", "csv"]).stdout))  # fmt: skip
    assert list(record.columns) == ["field", "value"] and doc["run_id"] in set(record["value"])


@pytest.mark.parametrize(
    "argv", [("status",), ("compliance",), ("burden",), ("freeride",)], ids=" ".join
)
def test_people_tables_at_80_columns_never_split_a_number_or_id(
    argv: tuple[str, ...], store: Store
) -> None:
    out = runner.invoke(app, [*argv, *E2024], env={"COLUMNS": "80"})
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    rows = [line for line in lines if line.startswith("│")]
    cells = [c.strip() for line in rows for c in line.strip("│").split("│")]
    codes = {c for c in cells if len(c) == 3 and c.isupper()}
    assert {"POL", "DEU", "USA"} <= codes or argv == ("freeride",)
    numbers = [c for c in cells if c[:1].isdigit() or c[:1] == "-"]
    assert numbers and all(c.replace(",", "").replace(".", "").lstrip("-").isdigit()
                           for c in numbers)  # fmt: skip
    if argv == ("compliance",):
        words = " ".join(out.stdout.split())  # the caption wraps
        assert "Not shown at this width: gap_usd_m" in words and "--format csv" in words
