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
    output: Path = typer.Option(Path("natolab-spending"), "-o", "--output", help="Output file."),
    on: str | None = ON,
    release: str | None = RELEASE,
    latest: bool = typer.Option(
        False, "--latest", help="Only the latest view (one value per cell) instead of all releases."
    ),
) -> None:
    """Write the tidy spending table with its metadata (release, source, licence note)."""
    from natolab.alliance import Alliance
    from natolab.exports import export_spending

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
