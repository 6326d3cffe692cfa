"""Exports of the tidy spending table, each carrying its provenance and NATO's licence note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from natolab import __version__
from natolab.alliance import Alliance
from natolab.data.measures import MEASURES
from natolab.data.spending import read_measure
from natolab.errors import InputError

LICENCE_NOTE = (
    "Figures (c) NATO. Source: NATO, Defence Expenditure of NATO Countries. NATO publishes no "
    "open licence; credit NATO, no sale or advertising use."
)


def spending_table(nato: Alliance, latest: bool = False) -> pd.DataFrame:
    """All releases visible to ``nato`` (or only the latest view), long and tidy."""
    if latest:
        frames = [read_measure(nato.store, m, nato.on, nato.release) for m in MEASURES]
        for measure, frame in zip(MEASURES, frames, strict=True):
            frame.insert(2, "measure", measure)
        return pd.concat(frames, ignore_index=True)
    visible = set(nato.releases()["release"])
    table = nato.store.spending()
    return table[table["release"].isin(visible)].reset_index(drop=True)


COLUMNS = {
    "release": "NATO release (edition) the value was published in; natolab data sources lists it",
    "published": "date the release was published",
    "iso3": "ally, ISO 3166-1 alpha-3 code (NATO aggregates: NATO_EU_CA, NATO_TOTAL)",
    "year": "calendar year the value describes",
    "measure": "what the value measures; its unit is in 'unit' and under 'measures' here",
    "value": "the figure as NATO published it, in the unit of 'unit' (never interpolated)",
    "unit": "unit of 'value'",
    "currency": "currency of 'value' for money measures (USD or national currency)",
    "base_year": "price base year of constant-price measures",
    "is_estimate": "true where NATO marks the year as an estimate (see estimate_convention)",
    "source_id": "the source the value was read from (see 'sources'); ';' joins several",
    "quality": "source grade A-D of the value (see 'grades')",
    "precision": "how many digits the source carries",
    "note": "remarks on the value",
}
GRADES = {
    "A": "read directly from NATO's own Excel tables",
    "B": "exact machine copy of NATO's table values made by a third party, or values parsed "
    "from NATO's workbook and displayed rounded",
    "C": "third-party transcription of NATO's image-only PDF, or press coverage quoting NATO's "
    "release; used only where no A/B value exists",
    "D": "single secondary claim with a demonstrated error; never used in answers",
}
ESTIMATE_CONVENTION = (
    "NATO marks the latest years of each edition as estimates (e.g. the June 2024 edition: 2023 "
    "and 2024); is_estimate carries that flag per value. A later edition replaces an estimate "
    "with a revised figure; every release stays in the export, told apart by 'release'."
)


def metadata_document(nato: Alliance, table: pd.DataFrame, data_file: str) -> dict[str, Any]:
    """Everything needed to read one exported data file: columns and units, releases, sources
    with titles and URLs, the grades legend, the estimate convention, the licence."""
    releases = nato.releases()
    used = releases[releases["release"].isin(set(table["release"]))]
    ids = sorted(set(";".join(table["source_id"].dropna()).split(";")) - {""})
    sources = nato.store.query("SELECT * FROM sources ORDER BY source_id")
    sources = sources[sources["source_id"].isin(ids)]
    measures = sorted(set(table["measure"])) if "measure" in table else list(MEASURES)
    return {
        "file": data_file,
        "natolab_version": __version__,
        "as_of": nato.on.isoformat(),
        "licence": LICENCE_NOTE,
        "columns": [
            {"name": str(c), "description": COLUMNS.get(str(c), "")} for c in table.columns
        ],
        "measures": {m: MEASURES[m] for m in measures if m in MEASURES},
        "releases": [
            {
                "release": r.release,
                "title": r.title,
                "published": r.published,
                "source_id": r.source_id,
            }
            for r in used.itertuples()
        ],
        "sources": [
            {"source_id": r.source_id, "title": r.title, "url": r.url, "grade": r.tier_or_grade}
            for r in sources.itertuples()
        ],
        "grades": GRADES,
        "estimate_convention": ESTIMATE_CONVENTION,
    }


def metadata_rows(doc: dict[str, Any]) -> pd.DataFrame:
    """The metadata document as key/value rows: the XLSX sheet and the Parquet schema."""
    rows: list[tuple[str, str]] = []
    for key, value in doc.items():
        if key == "columns":
            rows += [(f"column:{c['name']}", c["description"]) for c in value]
        elif key == "releases":
            rows += [(f"release:{r['release']}", f"{r['title']} ({r['published']})") for r in value]
        elif key == "sources":
            rows += [
                (f"source:{s['source_id']}", f"{s['title']} <{s['url']}> grade {s['grade']}")
                for s in value
            ]
        elif isinstance(value, dict):
            rows += [(f"{key.rstrip('s')}:{k}", str(v)) for k, v in value.items()]
        else:
            rows.append((key, str(value)))
    rows.append(("source_ids", "; ".join(s["source_id"] for s in doc["sources"])))
    return pd.DataFrame(rows, columns=["key", "value"])


def output_path(output: str, fmt: str) -> Path:
    """Where to write: a file name gets the format's suffix; a folder (``dir/``, ``/``, ``.``)
    gets the default name inside it; an empty name is refused rather than guessed."""
    if not output.strip():
        raise InputError("--output is empty: give a file name (e.g. natolab-spending) or a folder")
    path = Path(output).expanduser()
    if output.endswith(("/", "\\")) or path.is_dir():
        path = path / DEFAULT_NAME
    return path.with_suffix(f".{fmt}")


DEFAULT_NAME = "natolab-spending"


def export_spending(nato: Alliance, fmt: str, output: str | Path, latest: bool = False) -> Path:
    """Write the table and, beside it, its metadata; returns the data file's path.

    CSV and Parquet get ``<file>.metadata.json`` (one per data file); XLSX a ``metadata`` sheet
    with the same content; Parquet also carries it in its schema metadata.
    """
    table = spending_table(nato, latest)
    path = output_path(str(output), fmt)
    doc = metadata_document(nato, table, path.name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(table, doc, fmt, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _write(table: pd.DataFrame, doc: dict[str, Any], fmt: str, path: Path) -> None:
    from natolab.serialise import dumps

    if fmt == "xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name="spending", index=False)
            metadata_rows(doc).to_excel(writer, sheet_name="metadata", index=False)
        return
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = pa.Table.from_pandas(table, preserve_index=False)
        meta = metadata_rows(doc)
        arrow = arrow.replace_schema_metadata(
            {f"natolab.{k}": str(v) for k, v in zip(meta["key"], meta["value"], strict=True)}
        )
        pq.write_table(arrow, path)
    else:
        table.to_csv(path, index=False)
    path.with_name(path.name + ".metadata.json").write_text(dumps(doc) + "\n", encoding="utf-8")
