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


def _one_line_warnings() -> None:
    """Warnings (a deprecated measure name...) as one line on stderr, like natolab's errors."""
    import warnings

    def one_line(message: Warning | str, *_: object, **__: object) -> str:
        return f"warning: {message}\n"

    warnings.formatwarning = one_line


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """natolab: NATO's money, rules and behaviour, from official data and explicit rules."""
    _one_line_warnings()


def run() -> None:
    """Console-script entry point: every refusal is one line on stderr and exit code 2.

    Click runs in non-standalone mode so its usage errors (an unknown option, a value out of
    range) come here too and are printed as one line like natolab's own errors, instead of a
    boxed usage message.
    """
    from typer._click import exceptions as usage  # Typer's bundled Click (pinned version)

    try:
        code = app(standalone_mode=False)
    except usage.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.format_message() + "\n")
        sys.exit(0)
    except usage.ClickException as exc:
        _refuse(_click_message(exc))
    except typer.Abort:
        sys.stderr.write("error: interrupted\n")
        sys.exit(130)
    except NatolabError as exc:
        _refuse(str(exc))
    sys.exit(code if isinstance(code, int) else 0)


def _click_message(exc: Exception) -> str:
    """Click's message, prefixed by the command it concerns (``natolab sim run: ...``)."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    param = getattr(exc, "param", None)
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None or high is not None:
        message += f" (allowed: {_bound(low, 'no minimum')} to {_bound(high, 'no maximum')})"
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path}: " if ctx is not None and ctx.command_path else ""
    return where + message


def _bound(value: float | None, missing: str) -> str:
    return missing if value is None else f"{value:,}"


def _refuse(message: str) -> None:
    """One line on stderr, exit code 2: a multi-line message is folded onto one line."""
    line = " ".join(message.split())
    sys.stderr.write(f"error: {line}\n")
    sys.exit(2)
