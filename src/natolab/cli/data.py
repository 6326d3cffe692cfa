"""``natolab data ...``: build the store, verify the bundle, import NATO workbooks, export."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import typer

from natolab.cli.options import ON, RELEASE
from natolab.cli.output import FORMAT, Format, console, emit

app = typer.Typer(no_args_is_help=True)


class ExportFormat(str, enum.Enum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


@app.command()
def build() -> None:
    """Create or refresh the store from the bundled data (imported releases are kept)."""
    from natolab.store import Store

    store = Store()
    rows = store.build()
    console().print(f"store {store.path}: {rows:,} bundled spending rows loaded")


@app.command()
def verify() -> None:
    """Check every bundled file against its SHA-256 manifest."""
    from natolab.data.bundle import bundle_root
    from natolab.data.manifest import verify_manifest
    from natolab.errors import DataError

    result = verify_manifest(bundle_root())
    if not result.ok:
        problems = [f"changed: {n}" for n in result.mismatched]
        problems += [f"missing: {n}" for n in result.missing]
        problems += [f"not in manifest: {n}" for n in result.unlisted]
        raise DataError("bundle verification failed: " + "; ".join(problems))
    console().print(f"bundle OK: {result.checked} files match MANIFEST.sha256")


@app.command("import")
def import_(
    workbook: Path = typer.Argument(..., help="NATO 'Defence Expenditure' Excel tables (.xlsx)."),
    release: str | None = typer.Option(
        None, "--release", help="Release id to file it under (default: from the publication date)."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Replace a release of the same id that came from another source."
    ),
    published: str | None = typer.Option(
        None,
        "--published",
        help="Publication date (YYYY-MM-DD) when the file's name and properties do not give it.",
    ),
) -> None:
    """Add one NATO workbook to the store as a release, in one transaction."""
    from natolab.dates import as_date
    from natolab.sources.nato_workbook import read_workbook
    from natolab.store import Store

    when = None if published is None else as_date(published, "--published")
    imported = read_workbook(workbook, release=release, published=when)
    for warning in imported.warnings:
        console().print(f"warning: {warning}", markup=False)
    summary = Store.open().import_release(imported, replace=replace)
    verb = "updated" if summary.changed else "unchanged"
    console().print(
        f"release {summary.release}: {summary.rows_after:,} rows ({verb}; "
        f"{summary.rows_before:,} before), source {imported.source_id}"
    )


@app.command()
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", help="csv, parquet or xlsx."),
    output: str = typer.Option(
        "natolab-spending",
        "-o",
        "--output",
        help="Output file (the format's suffix is added), or a folder to write it in.",
    ),
    on: str | None = ON,
    release: str | None = RELEASE,
    latest: bool = typer.Option(
        False, "--latest", help="Only the latest view (one value per cell) instead of all releases."
    ),
) -> None:
    """Write the tidy spending table and its metadata (<file>.metadata.json; XLSX: a sheet).

    The metadata lists the columns and units, releases, sources with titles and URLs, the
    grades legend, the estimate convention and NATO's licence note.
    """
    from natolab.alliance import Alliance
    from natolab.data.exports import export_spending

    path = export_spending(Alliance(on=on, release=release), fmt.value, output, latest=latest)
    console().print(f"wrote {path}")


@app.command()
def sources(
    source_id: str | None = typer.Option(
        None, "--id", help="Show one source by id (a unique prefix is enough)."
    ),
    search: str | None = typer.Option(
        None, "--search", help="Only sources whose title, URL or note contains this text."
    ),
    fmt: Format = FORMAT,
) -> None:
    """List every source a natolab value can cite (one source in full: --id)."""
    from natolab.store import Store

    frame = Store.open().sources()
    if source_id is not None:
        frame = _one_source(frame, source_id)
    if search:
        text = frame[["title", "url", "note"]].fillna("").agg(" ".join, axis=1)
        frame = frame[text.str.contains(search, case=False, regex=False)]
    if frame.empty:
        from natolab.errors import InputError

        raise InputError(f"no source matches --search {search!r}")
    if fmt is not Format.table:
        emit({"sources": frame}, fmt, f"{len(frame)} sources")
        return
    out = console()
    for _, row in frame.iterrows():
        # one source a line, the URL whole (never folded) so terminals can open it
        line = f"{row['source_id']}  {row['tier_or_grade']}  [link={row['url']}]{row['url']}[/link]"
        out.print(line if len(frame) > 1 else _details(row), soft_wrap=True, highlight=False)
    if len(frame) > 1:
        out.print(f"{len(frame)} sources (id, grade, URL). One in full: --id ID; all: --format csv")


def _details(row: Any) -> str:
    """Every field of one source, one a line."""
    return "\n".join(f"[bold]{field}[/bold]: {row[field]}" for field in row.index)


def _one_source(frame: Any, source_id: str) -> Any:
    """The one source whose id is (or starts with) ``source_id``; anything else is refused."""
    from natolab.errors import InputError

    exact = frame[frame["source_id"] == source_id]
    if len(exact) == 1:
        return exact
    matches = frame[frame["source_id"].str.startswith(source_id)]
    if len(matches) == 1:
        return matches
    if matches.empty:
        raise InputError(f"no source {source_id!r} (list them: natolab data sources)")
    raise InputError(f"source id prefix {source_id!r} is ambiguous: {len(matches)} sources match")


DIFF_HEADERS = {
    "abs_change": "change",
    "pct_change": "%",
    "old_estimate": "old est.",
    "new_estimate": "new est.",
    "old_quality": "old grade",
    "new_quality": "new grade",
}


@app.command()
def diff(
    release_a: str = typer.Argument(..., help="The older release, e.g. nato-2024-06."),
    release_b: str = typer.Argument(..., help="The newer release, e.g. nato-2025-08."),
    measure: str | None = typer.Option(None, "--measure", help="Only this measure."),
    allies: list[str] | None = typer.Option(
        None, "--ally", help="Only this ally (code or name); repeat for several."
    ),
    fmt: Format = FORMAT,
) -> None:
    """What changed between two releases, cell by cell, and who crossed the 2% line.

    CSV prints the table of changed cells only; JSON and the table view add the allies that
    crossed the line and the counts per year in each release.
    """
    from natolab import releases
    from natolab.store import Store

    store = Store.open()
    changes = releases.diff(release_a, release_b, measure, allies or None, store=store)
    if measure == "pct_gdp":  # the diff already holds every share: no second query
        crossed = releases.crossings_in(changes)
    else:
        crossed = releases.crossings(release_a, release_b, allies=allies or None, store=store)
    counts = releases.line_counts(release_a, release_b, store=store)
    title = f"{len(changes):,} cells changed from {release_a} to {release_b}"
    if measure:
        title += f" ({measure})"
    line = f"{releases.GUIDELINE_PCT_GDP:g}%"
    if fmt is Format.table:
        hidden = ["release_a", "release_b", "old_base_year", "new_base_year"]
        changes = changes.drop(columns=hidden + (["measure"] if measure else []))
        counts = counts.astype(object).where(counts.notna(), None)
    titles = {
        "crossings": f"Allies that crossed the {line} line (share of GDP)",
        "counts": f"Allies with a share / at or above {line}: a = {release_a}, b = {release_b}",
    }
    tables = {"changes": changes, "crossings": crossed, "counts": counts}
    emit(tables, fmt, title, "", DIFF_HEADERS, titles, release_a=release_a, release_b=release_b)


RELEASE_HEADERS = {"base_year": "base", "estimate_years": "estimates", "source_id": "source"}


@app.command("releases")
def releases_(
    fmt: Format = FORMAT,
) -> None:
    """List NATO's releases: published, cut-off, price base, estimate years, coverage, grades."""
    from natolab.releases import releases

    frame = releases()
    title = (
        f"{len(frame)} releases (grades: A NATO's own tables, B exact copies, C press, D unused)"
    )
    if fmt is not Format.table:
        emit({"releases": frame}, fmt, title=title)
        return
    shown = frame.assign(
        years=frame["first_year"].astype(str) + "-" + frame["last_year"].astype(str)
    )
    shown = shown[
        ["release", "published", "cutoff", "base_year", "estimate_years", "years"]
        + ["geographies", "cells", "grades", "source_id"]
    ]
    shown = shown.astype(object).where(shown.notna(), None)
    emit({"releases": shown}, fmt, title=title, headers=RELEASE_HEADERS)
    for row in frame[frame["notes"].notna()].itertuples():
        console().print(f"{row.release}: {row.notes}")
