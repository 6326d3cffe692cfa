"""``natolab status``: every ally against the spending guideline, and the count per year."""

from __future__ import annotations

import typer

from natolab.cli.options import ON, RELEASE, alliance
from natolab.cli.output import Format, emit

SHORT_HEADERS = {"share_of_gdp": "% GDP", "estimate": "est.", "source_id": "source"}


def status(
    year: int | None = typer.Option(
        None, "--year", help="Year to show. Default: the latest year every ally has reported."
    ),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Each ally's defence spending as a share of GDP against the guideline in force."""
    from natolab.status import status_report

    report = status_report(alliance(on, release), year)
    emit(report.allies, fmt, title=report.title, caption=report.caption, headers=SHORT_HEADERS)
    emit(report.counts, fmt, title=report.counts_title)
