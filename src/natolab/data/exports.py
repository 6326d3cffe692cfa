"""Exports of the tidy spending table, each carrying its provenance and NATO's licence note."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from natolab._version import __version__
from natolab.data.measures import MEASURES
from natolab.data.spending import read_measure

if TYPE_CHECKING:
    from natolab.alliance import Alliance

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


def metadata(nato: Alliance, table: pd.DataFrame) -> pd.DataFrame:
    """Key/value metadata written beside the data: what, as of when, from where, on what terms."""
    releases = nato.releases()
    used = releases[releases["release"].isin(set(table["release"]))]
    rows = [
        ("natolab_version", __version__),
        ("as_of", nato.on.isoformat()),
        ("releases", "; ".join(f"{r.release} ({r.published})" for r in used.itertuples())),
        ("source_ids", "; ".join(sorted(set(";".join(table["source_id"]).split(";"))))),
        ("licence", LICENCE_NOTE),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


def export_spending(nato: Alliance, fmt: str, output: Path, latest: bool = False) -> Path:
    """Write the table and its metadata; returns the data file's path."""
    table = spending_table(nato, latest)
    meta = metadata(nato, table)
    path = output.with_suffix(f".{fmt}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name="spending", index=False)
            meta.to_excel(writer, sheet_name="metadata", index=False)
        return path
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = pa.Table.from_pandas(table, preserve_index=False)
        arrow = arrow.replace_schema_metadata(
            {f"natolab.{k}": str(v) for k, v in zip(meta["key"], meta["value"], strict=True)}
        )
        pq.write_table(arrow, path)
    else:
        table.to_csv(path, index=False)
    meta.to_csv(path.with_name(path.stem + ".metadata.csv"), index=False)
    return path
