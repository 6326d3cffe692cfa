"""``natolab validate``: rerun the out-of-sample validation and regenerate the model card."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from natolab.cli.output import Format, emit


class ModelName(str, Enum):
    spending = "spending"
    crisis = "crisis"


def validate(
    model: ModelName | None = typer.Option(
        None, "--model", help="Model to validate (default: every model)."
    ),
    runs: int = typer.Option(
        2000, "--runs", min=100, max=100_000, help="Spending: runs per forecast."
    ),
    docs: Path = typer.Option(Path("docs"), "--docs", help="Folder the card and charts go to."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Backtest the models out of sample, score them against baselines, rewrite the card."""
    from natolab.errors import InputError
    from natolab.sim.validation import card
    from natolab.store import Store

    if not docs.is_dir():
        raise InputError(f"--docs {docs}: not a folder")
    store = Store.open()
    sections: dict[str, str] = {}
    if model in (None, ModelName.spending):
        from natolab.sim.validation.spending import backtest

        results = backtest(store, runs=runs)
        sections["spending"] = card.spending_card(results, docs, runs)
        emit(card.verdicts(results), fmt, title="Model A (spending): backtests")
    if model in (None, ModelName.crisis):
        from natolab.sim.validation.crisis import validate as validate_crisis

        crisis = validate_crisis(store)
        sections["crisis"] = card.crisis_section(crisis)
        emit(crisis.summary, fmt, title="Model B (crisis): leave-one-operation-out")
        from natolab.sim.validation.council import validate as validate_council

        council = validate_council()
        sections["council"] = card.council_section(council)
        emit(council.summary, fmt, title="Model B (Council objection): leave-one-episode-out")
    path = card.write(docs, sections)
    typer.echo(f"wrote {path}", err=True)
