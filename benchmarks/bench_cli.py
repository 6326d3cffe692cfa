"""`natolab --help` start-up: against its floor (a one-command Typer app's --help) and pandas.

A minimal Typer app rendering its help is the least any Typer CLI can cost; importing pandas is
what a careless top-level import would add.
"""

from __future__ import annotations

import sys
from pathlib import Path

from harness import Measurement, command_time

NATOLAB = str(Path(sys.executable).with_name("natolab"))


MINIMAL_TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def one() -> None:
    "One command."
@app.command()
def two() -> None:
    "Another."
app()
"""


def benchmark() -> list[Measurement]:
    typer = command_time([sys.executable, "-c", MINIMAL_TYPER_APP, "--help"])
    pandas = command_time([sys.executable, "-c", "import pandas"])
    help_time = command_time([NATOLAB, "--help"])
    return [
        Measurement(
            "natolab --help vs minimal Typer app",
            help_time,
            typer,
            "s",
            "< 1.5x",
            help_time < 1.5 * typer,
        ),
        Measurement(
            "natolab --help vs import pandas",
            help_time,
            pandas,
            "s",
            "< 0.6x",
            help_time < 0.6 * pandas,
        ),
    ]
