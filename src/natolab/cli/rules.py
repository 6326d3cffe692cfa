"""``natolab rules``: the treaty and US law as procedures, answered with their reasons.

Each command prints the outcome, the gates, the dated steps and the ``because`` chain with its
citations and source ids (Rich), or the whole result as JSON (``--format json``). Errors are
NatolabError subclasses; the main CLI turns them into one line and exit code 2. Every command
asks ``Alliance(on=..., reforms=...).rules``, the same object a Python user holds, which reads
only bundled files: no rules command opens the DuckDB store.
"""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from natolab.rules.bound import Rules
    from natolab.rules.result import Result

app = typer.Typer(
    help="The North Atlantic Treaty and US law as explained procedures.", no_args_is_help=True
)


class RuleFormat(str, enum.Enum):
    """Output of a rules command: a readable explanation, or JSON for machines."""

    table = "table"
    json = "json"


FORMAT = typer.Option(RuleFormat.table, "--format", help="table (readable) or json.")
ON = typer.Option(None, "--on", help="Date the law is read on (YYYY-MM-DD). Default: today.")
REFORM = typer.Option(
    [],
    "--reform",
    help="What-if to apply (repeatable): repeal_sec_1250A, qualified_majority, shorter_notice.",
)


LAT = typer.Option(None, "--lat", min=-90.0, max=90.0, help="Latitude (deg N).")
LON = typer.Option(None, "--lon", min=-180.0, max=180.0, help="Longitude (deg E).")


def bound(on: str | None, reforms: list[str]) -> Rules:
    """The rules of the alliance on ``on`` (default today) with the ``--reform`` what-ifs."""
    from natolab.alliance import Alliance

    return Alliance(on=on, reforms=reforms).rules


def emit(result: Result, fmt: RuleFormat) -> None:
    """Print a result for people (Rich) or machines (JSON on stdout)."""
    if fmt is RuleFormat.json:
        from natolab.serialise import dumps

        sys.stdout.write(dumps(result.to_dict()) + "\n")
        return
    from rich.console import Console

    render(result, Console())


def render(result: Result, console: Console) -> None:
    """The readable explanation: outcome, gates, steps, because chain, doubts, what-ifs."""
    from rich.panel import Panel
    from rich.table import Table

    out = console  # a rich Console
    out.print(
        Panel(
            f"[bold]{result.outcome.replace('_', ' ')}[/bold]\n{result.summary}",
            title=f"{result.rule} · {result.on}",
            subtitle=result.question,
        )
    )
    if result.gates:
        table = Table(title="Gates")
        for column in ("gate", "who", "rule", "status", "detail"):
            table.add_column(column, overflow="fold")
        for gate in result.gates:
            table.add_row(gate.name, gate.who, gate.rule, gate.status, gate.detail)
        out.print(table)
    if result.dates:
        out.print("[bold]Dates[/bold]: " + ", ".join(f"{k}={v}" for k, v in result.dates.items()))
    for step in result.steps:
        out.print(f"  • {str(step.on or ''):<10} {step.name}: {step.description}")
    out.print("[bold]Because[/bold]")
    chain = list(result.because)
    for gate in result.gates:
        chain += [r for r in gate.because if r not in chain]
    for number, reason in enumerate(chain, 1):
        sources = ", ".join(reason.source_ids) or "no source id"
        out.print(
            f"  {number}. {reason.text}\n     [dim]{reason.citation} · {sources} · "
            f"confidence {reason.confidence}[/dim]",
            highlight=False,
        )
    for title, items in (("Uncertain", result.uncertain), ("Would change it", result.would_change)):
        if items:
            out.print(f"[bold]{title}[/bold]")
            for item in items:
                out.print(f"  - {item}", highlight=False)
    out.print(f"[bold]Reforms applied[/bold]: {', '.join(result.reforms) or 'none'}")


@app.command("article6")
def article6_command(
    place: str | None = typer.Option(None, "--place", help="ISO code, state or named place."),
    lat: float | None = LAT,
    lon: float | None = LON,
    what: str = typer.Option("territory", "--what", help="territory, forces, vessel or aircraft."),
    on: str | None = ON,
    reform: list[str] = REFORM,
    fmt: RuleFormat = FORMAT,
) -> None:
    """Would an armed attack there fall within the Article 6 area?"""
    emit(bound(on, reform).covered(place, lat=lat, lon=lon, what=what), fmt)


@app.command("withdraw")
def withdraw_command(
    country: str = typer.Argument(..., help="The ally leaving (code or name)."),
    notice: str = typer.Option(..., "--notice", help="Date of the notice of denunciation."),
    senate_yeas: int | None = typer.Option(None, "--senate-yeas", min=0, max=100),
    senators_present: int | None = typer.Option(None, "--senators-present", min=0, max=100),
    act_of_congress: bool | None = typer.Option(None, "--act-of-congress/--no-act-of-congress"),
    congress_notified: str | None = typer.Option(
        None, "--congress-notified", help="Date SFRC and HFAC were notified."
    ),
    reform: list[str] = REFORM,
    fmt: RuleFormat = FORMAT,
) -> None:
    """Earliest date an ally could leave, and every gate on the way (Art. 13 + US law)."""
    emit(
        bound(None, reform).withdrawal(
            country,
            notice=notice,
            senate_yeas=senate_yeas,
            senators_present=senators_present,
            act_of_congress=act_of_congress,
            congress_notified=congress_notified,
        ),
        fmt,
    )


@app.command("accede")
def accede_command(
    country: str = typer.Argument(..., help="The candidate state (code or name)."),
    on: str | None = ON,
    reform: list[str] = REFORM,
    fmt: RuleFormat = FORMAT,
) -> None:
    """Can a state join (Article 10), and how long has joining taken?"""
    emit(bound(on, reform).accede(country), fmt)


@app.command("article5")
def article5_command(
    attacked: str | None = typer.Option(None, "--attacked", help="Attacked ally or place."),
    lat: float | None = LAT,
    lon: float | None = LON,
    what: str = typer.Option("territory", "--what"),
    objecting: list[str] = typer.Option([], "--object", help="An ally objecting (repeatable)."),
    others: str | None = typer.Option(
        None,
        "--others",
        help="Stance of every other ally: support, object or abstain (default: unknown).",
    ),
    on: str | None = ON,
    reform: list[str] = REFORM,
    fmt: RuleFormat = FORMAT,
) -> None:
    """Would Article 5 be invoked: area, consultation, consensus, each ally's action."""
    from natolab.rules import Attack

    event = Attack(attacked=attacked, lat=lat, lon=lon, what=what)
    stances = dict.fromkeys(objecting, "object")
    emit(bound(on, reform).article5(event, stances=stances, others=others), fmt)


@app.command("article4")
def article4_command(
    requester: str = typer.Argument(..., help="The ally requesting consultations."),
    threatened: str | None = typer.Option(None, "--threatened", help="The ally threatened."),
    on: str | None = ON,
    fmt: RuleFormat = FORMAT,
) -> None:
    """May an ally request Article 4 consultations, and what follows? (No reform applies.)"""
    emit(bound(on, []).article4(requester, threatened=threatened), fmt)


@app.command("reforms")
def reforms_command() -> None:
    """List the predefined what-if reforms."""
    from natolab.rules.reforms import NAMED

    for name, make in NAMED.items():
        sys.stdout.write(f"{name}: {make().description}\n")


@app.command("troop-floor")
def troop_floor_command(
    troops: int | None = typer.Option(
        None, "--troops", min=0, max=10_000_000, help="US troops in the EUCOM area."
    ),
    days_below: int | None = typer.Option(
        None, "--days-below", min=0, max=36_500, help="Days below the floor."
    ),
    on: str | None = ON,
    reform: list[str] = REFORM,
    fmt: RuleFormat = FORMAT,
) -> None:
    """The NDAA FY2026 troop floor in Europe, and whether a force level respects it."""
    emit(bound(on, reform).troop_floor(troops, days_below=days_below), fmt)


@app.command("saceur")
def saceur_command(
    on: str | None = ON, reform: list[str] = REFORM, fmt: RuleFormat = FORMAT
) -> None:
    """May the US give up the SACEUR post?"""
    emit(bound(on, reform).saceur(), fmt)


@app.command("bills")
def bills_command(
    on: str | None = ON,
    enacted: str | None = typer.Option(
        None, "--enacted", help="What-if: the day H.R. 6508 became law."
    ),
    reform: list[str] = REFORM,
    fmt: RuleFormat = FORMAT,
) -> None:
    """Bills to withdraw the US, and what H.R. 6508 would set in motion if enacted."""
    emit(bound(on, reform).withdrawal_bills(enacted=enacted), fmt)
