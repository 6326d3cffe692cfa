"""``natolab status``: every ally against the spending guideline, and the count per year."""

from __future__ import annotations

from natolab.cli.options import ON, RELEASE, alliance, year_option
from natolab.cli.output import FORMAT, Format, emit

SHORT_HEADERS = {"share_of_gdp": "% GDP", "estimate": "est.", "source_id": "source"}


def status(
    year: int | None = year_option(
        "--year", "Year to show. Default: the latest year every ally has reported"
    ),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """Each ally's defence spending as a share of GDP against the guideline in force."""
    from natolab.status import status_report

    report = status_report(alliance(on, release), year)
    tables = {"allies": report.allies, "counts": report.counts}
    emit(tables, fmt, report.title, report.caption, SHORT_HEADERS, {"counts": report.counts_title})
