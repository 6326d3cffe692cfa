"""``natolab data ...``: build the store, verify the bundle, import NATO workbooks, export."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from natolab.cli.options import ON, RELEASE
from natolab.cli.output import Format, console, emit

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
) -> None:
    """Add one NATO workbook to the store as a release, in one transaction."""
    from natolab.sources.nato_workbook import read_workbook
    from natolab.store import Store

    imported = read_workbook(workbook, release=release)
    summary = Store.open().import_release(imported, replace=replace)
    verb = "updated" if summary.changed else "unchanged"
    console().print(
        f"release {summary.release}: {summary.rows_after:,} rows ({verb}; "
        f"{summary.rows_before:,} before), source {imported.source_id}"
    )


@app.command()
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", help="csv, parquet or xlsx."),
    output: Path = typer.Option(Path("natolab-spending"), "-o", "--output", help="Output file."),
    on: str | None = ON,
    release: str | None = RELEASE,
    latest: bool = typer.Option(
        False, "--latest", help="Only the latest view (one value per cell) instead of all releases."
    ),
) -> None:
    """Write the tidy spending table with its metadata (release, source, licence note)."""
    from natolab.alliance import Alliance
    from natolab.data.exports import export_spending

    path = export_spending(Alliance(on=on, release=release), fmt.value, output, latest=latest)
    console().print(f"wrote {path}")


@app.command()
def sources(
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """List every source a natolab value can cite."""
    from natolab.store import Store

    frame = Store.open().query("SELECT * FROM sources ORDER BY dataset, source_id")
    emit(frame, fmt, title=f"{len(frame)} sources")


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
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """What changed between two releases, cell by cell, and who crossed the 2% line.

    CSV prints the table of changed cells only; JSON and the table view add the allies that
    crossed the line and the counts per year in each release.
    """
    import sys

    from natolab import releases
    from natolab.serialise import document, dumps
    from natolab.store import Store

    store = Store.open()
    changes = releases.diff(release_a, release_b, measure, allies or None, store=store)
    if measure == "share_of_gdp":  # the diff already holds every share: no second query
        crossed = releases.crossings_in(changes)
    else:
        crossed = releases.crossings(release_a, release_b, allies=allies or None, store=store)
    counts = releases.line_counts(release_a, release_b, store=store)
    title = f"{len(changes):,} cells changed from {release_a} to {release_b}"
    if measure:
        title += f" ({measure})"
    line = f"{releases.GUIDELINE_PCT_GDP:g}%"
    if fmt is Format.csv:
        emit(changes, fmt)
        return
    if fmt is Format.json:
        tables = {"changes": changes, "crossings": crossed, "counts": counts}
        doc = document(tables, title=title, release_a=release_a, release_b=release_b)
        sys.stdout.write(dumps(doc) + "\n")
        return
    hidden = ["release_a", "release_b", "old_base_year", "new_base_year"]
    shown = changes.drop(columns=hidden + (["measure"] if measure else []))
    emit(shown, fmt, title=title, headers=DIFF_HEADERS)
    emit(crossed, fmt, title=f"Allies that crossed the {line} line (share of GDP)")
    counts = counts.astype(object).where(counts.notna(), None)
    emit(
        counts,
        fmt,
        title=f"Allies with a share / at or above {line}: a = {release_a}, b = {release_b}",
    )


RELEASE_HEADERS = {"base_year": "base", "estimate_years": "estimates", "source_id": "source"}


@app.command("releases")
def releases_(
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """List NATO's releases: published, cut-off, price base, estimate years, coverage, grades."""
    from natolab.releases import releases

    frame = releases()
    title = (
        f"{len(frame)} releases (grades: A NATO's own tables, B exact copies, C press, D unused)"
    )
    if fmt is not Format.table:
        emit(frame, fmt, title=title)
        return
    shown = frame.assign(
        years=frame["first_year"].astype(str) + "-" + frame["last_year"].astype(str)
    )
    shown = shown[
        ["release", "published", "cutoff", "base_year", "estimate_years", "years"]
        + ["geographies", "cells", "grades", "source_id"]
    ]
    shown = shown.astype(object).where(shown.notna(), None)
    emit(shown, fmt, title=title, headers=RELEASE_HEADERS)
    for row in frame[frame["notes"].notna()].itertuples():
        console().print(f"{row.release}: {row.notes}")
