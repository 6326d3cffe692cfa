"""The allies: codes, names, accession dates, and the one name -> ISO table.

Country codes are ISO 3166 alpha-3 everywhere in natolab; names come from the data. Importers
and the claims checker match names through :func:`iso3_for_name`, never through ad-hoc maps.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from functools import cache

import pandas as pd

from natolab.data.bundle import bundle_path
from natolab.errors import UnknownAllyError

AGGREGATES = ("NATO_EUR_CAN", "NATO_TOTAL")


@cache
def load_allies() -> pd.DataFrame:
    """All 32 allies: iso3, iso2, stanag_code, name, accession_date (date), has_armed_forces."""
    frame = pd.read_csv(bundle_path("allies.csv"), keep_default_na=False)
    frame["accession_date"] = pd.to_datetime(frame["accession_date"]).dt.date
    for flag in ("has_armed_forces", "in_nato_defence_tables"):
        frame[flag] = frame[flag].astype(str).str.lower().eq("true")
    return frame


def members_on(on: date) -> pd.DataFrame:
    """Allies whose accession date is on or before ``on``."""
    allies = load_allies()
    return allies[allies["accession_date"] <= on].reset_index(drop=True)


def normalise_name(name: str) -> str:
    """Fold a printed country name for matching: no accents, footnote stars, case or spaces."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"[*\u00b9\u00b2\u00b3]|\(.*?\)", " ", folded)
    return re.sub(r"\s+", " ", folded).strip().casefold()


@cache
def _name_table() -> dict[str, str]:
    names = pd.read_csv(bundle_path("ally_names.csv"), keep_default_na=False)
    table = {normalise_name(n): code for n, code in zip(names["name"], names["iso3"], strict=True)}
    for code in load_allies()["iso3"]:
        table[code.casefold()] = code
    return table


def iso3_for_name(name: str) -> str:
    """ISO alpha-3 code (or aggregate id) for a printed name or code; suggests close matches."""
    table = _name_table()
    key = normalise_name(name)
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    names = dict(zip(load_allies()["iso3"], load_allies()["name"], strict=True))
    codes = dict.fromkeys(table[c] for c in close)  # unique codes, best match first
    hint = ", ".join(f"{names.get(code, code)} ({code})" for code in codes)
    hint = f"; did you mean {hint}?" if hint else ""
    raise UnknownAllyError(f"{name!r} is not a NATO ally natolab knows{hint}")


def ally(code_or_name: str) -> str:
    """Resolve a user-given ally (code or name) to an ally's ISO code; aggregates refused."""
    code = iso3_for_name(code_or_name)
    if code in AGGREGATES:
        raise UnknownAllyError(f"{code_or_name!r} is an aggregate, not an ally")
    return code
