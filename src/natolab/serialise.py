"""One serialisation for every answer natolab gives: the CLI's JSON/CSV and the web API's JSON.

An answer is one document: named tables (pandas DataFrames) plus scalar metadata. The CLI prints
exactly one document per call (``--format json``) or exactly one table (``--format csv``); the web
API returns the same document. Keeping the conversion here means a number leaves natolab the
same way whichever face the user chose: missing values are ``null`` (never ``NaN``), dates are
ISO 8601, NumPy scalars become plain JSON numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def plain(value: Any) -> Any:
    """One value as a JSON-safe Python object (NaN/NaT -> None, numpy -> python, date -> ISO)."""
    if value is None:
        return None
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return plain(item())
    isoformat = getattr(value, "isoformat", None)  # pandas Timestamp
    if callable(isoformat):
        if _is_missing(value):
            return None
        return isoformat()
    if _is_missing(value):
        return None
    return str(value)


def _is_missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as a list of JSON-safe row dicts, columns in order."""
    columns = [str(c) for c in frame.columns]
    return [
        {c: plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def document(tables: Mapping[str, pd.DataFrame], **meta: Any) -> dict[str, Any]:
    """One answer as a single JSON-safe document: ``meta`` fields, then ``tables``."""
    doc: dict[str, Any] = {str(k): plain(v) for k, v in meta.items()}
    doc["tables"] = {name: records(frame) for name, frame in tables.items()}
    return doc


def dumps(doc: Any) -> str:
    """Serialise a document as strict JSON (``allow_nan=False``: a NaN is a bug, not output)."""
    return json.dumps(plain(doc), indent=2, ensure_ascii=False, allow_nan=False)
