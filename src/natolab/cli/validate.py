"""``natolab validate``: rerun the out-of-sample backtests and regenerate the model card."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from natolab.cli.output import Format, emit


class ModelName(str, Enum):
    spending = "spending"


def validate(
    model: ModelName = typer.Option(ModelName.spending, "--model", help="Model to validate."),
    runs: int = typer.Option(2000, "--runs", min=100, max=100_000, help="Runs per forecast."),
    docs: Path = typer.Option(Path("docs"), "--docs", help="Folder the card and charts go to."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Backtest the model from real-time origins, score it against baselines, write the card."""
    from natolab.errors import InputError
    from natolab.sim.validation import card
    from natolab.sim.validation.spending import backtest
    from natolab.store import Store

    if not docs.is_dir():
        raise InputError(f"--docs {docs}: not a folder")
    results = backtest(Store.open(), runs=runs)
    path = card.write(results, docs, runs)
    emit(card.verdicts(results), fmt, title=f"Model {model.value}: backtests (card: {path})")
