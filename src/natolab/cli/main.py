"""The ``natolab`` command line: a thin layer over the Python API.

Sub-commands import their heavy dependencies inside the command functions, so ``natolab
--help`` stays fast. Any :class:`natolab.NatolabError` becomes one clear line on stderr and
exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from natolab import __version__
from natolab.cli import check, data, money, rules, serve, sim, status, validate
from natolab.errors import NatolabError

app = typer.Typer(
    name="natolab",
    help="The North Atlantic alliance as data, rules and simulation, every answer sourced.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(data.app, name="data", help="Build, verify, import and export the dataset.")
app.add_typer(rules.app, name="rules", help="The treaty and US law as explained procedures.")
app.add_typer(sim.app, name="sim", help="Monte Carlo scenarios: run, show, sensitivity, discover.")
app.command("status")(status.status)
app.command("check")(check.check)
app.command("validate")(validate.validate)
app.command("serve")(serve.serve)
app.command("compliance")(money.compliance)
app.command("trajectory")(money.trajectory)
app.command("burden")(money.burden)
app.command("freeride")(money.freeride)
app.add_typer(money.chart_app, name="chart", help="Render money charts offline to PNG or SVG.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"natolab {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """natolab: NATO's money, rules and behaviour, from official data and explicit rules."""


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except NatolabError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
