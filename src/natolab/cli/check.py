"""``natolab check ARTICLE``: every checkable claim of a news article, with verdict and evidence."""

from __future__ import annotations

import enum

import typer


class CheckFormat(str, enum.Enum):
    """How the report is printed: a table for people, JSON or ClaimReview JSON-LD for machines."""

    table = "table"
    json = "json"
    claimreview = "claimreview"


def check(
    article: str = typer.Argument(..., help="A text or HTML file, or - for standard input."),
    date: str | None = typer.Option(
        None, "--date", help="Judge as of YYYY-MM-DD. Default: the article's dateline, else today."
    ),
    fmt: CheckFormat = typer.Option(
        CheckFormat.table, "--format", help="table, json or claimreview (schema.org JSON-LD)."
    ),
) -> None:
    """Check a news article's claims about NATO against natolab's data, rules and facts."""
    from natolab.claims import check as check_text
    from natolab.claims.reading import article_text, read_source
    from natolab.serialise import dumps

    name = "standard input" if article == "-" else article
    text, published = article_text(read_source(article), name)
    report = check_text(text, date, published=published)
    if fmt is CheckFormat.json:
        typer.echo(dumps(report.to_dict()))
    elif fmt is CheckFormat.claimreview:
        from natolab.claims.claimreview import claim_reviews

        typer.echo(dumps(claim_reviews(report)))
    else:
        _table(report)


def _table(report: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from natolab.claims.report import CheckReport

    assert isinstance(report, CheckReport)
    table = Table(
        title=f"Claims judged as of {report.date} ({report.date_basis})",
        caption="Scale: " + ", ".join(report.counts()) + ". Evidence: --format json.",
        show_lines=True,
    )
    for column in ("verdict", "kind", "claim (offsets)", "natolab says"):
        table.add_column(column)
    for item in report.claims:
        quote = item.claim.quote if len(item.claim.quote) < 160 else item.claim.quote[:157] + "…"
        sources = sorted({s for e in item.finding.evidence for s in e.source_ids})
        says = item.finding.explanation + (f" [{', '.join(sources)}]" if sources else "")
        table.add_row(
            item.finding.verdict.value,
            item.claim.kind,
            f"{quote} ({item.claim.start}-{item.claim.end})",
            says,
        )
    console = Console()
    console.print(table)
    if not report.claims:
        console.print("No checkable claim found in the article.")
