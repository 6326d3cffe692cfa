"""Plausibility checks on an imported NATO release, run before anything reaches the store.

The importer's layout checks prove that a figure sits under the right name and year; these
checks prove the figure itself can be true. Two kinds, after owid/etl's ``sanity_checks``:

* **Bounds** that no real figure can break (negative money or personnel, a share of GDP above
  100 %, a money figure beyond a thousand trillion): any breach refuses the import, every breach
  listed with its sheet and cell, because a corrupted file must not become a release.
* **Oddities** that real figures occasionally show (category shares that do not add up to 100,
  a GDP that drops by a quarter in a year): they are accepted with a listed warning, and a
  whitelisted known oddity (with the source that shows it is real) is accepted and said so.

The price-basis check belongs here too: constant-price figures equal current-price figures in the
base year, and current prices run above constant prices after it for most allies (inflation);
swapped block headers break the second rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from natolab.errors import ImplausibleDataError

_MONEY_MAX = 1e9  # million: a thousand trillion, ~20x NATO's total GDP
# measure -> (lowest, highest) value any real figure can take
BOUNDS: dict[str, tuple[float, float]] = {
    "nac_current_m": (0.0, _MONEY_MAX),
    "nac_constant_m": (0.0, _MONEY_MAX),
    "usd_current_m": (0.0, _MONEY_MAX),
    "usd_constant_m": (0.0, _MONEY_MAX),
    "gdp_usd_current_m": (0.0, _MONEY_MAX),
    "gdp_usd_constant_m": (0.0, _MONEY_MAX),
    "pct_gdp": (0.0, 100.0),
    "real_change_pct": (-100.0, 1000.0),
    "gdp_per_capita_usd_k_constant": (0.0, 10_000.0),
    "defexp_per_capita_usd_constant": (0.0, 1e6),
    "personnel_thousands": (0.0, 10_000.0),
    "equipment_share_pct": (0.0, 100.0),
    "personnel_share_pct": (0.0, 100.0),
    "infrastructure_share_pct": (0.0, 100.0),
    "other_share_pct": (0.0, 100.0),
}
CATEGORIES = (
    "equipment_share_pct",
    "personnel_share_pct",
    "infrastructure_share_pct",
    "other_share_pct",
)
CATEGORY_TOLERANCE = 1.5  # percentage points: NATO rounds each category separately
GDP_JUMP = 25.0  # % change of constant-price GDP in one year worth a warning
PRICE_PAIRS = (
    ("nac_current_m", "nac_constant_m"),
    ("usd_current_m", "usd_constant_m"),
    ("gdp_usd_current_m", "gdp_usd_constant_m"),
)
BASE_YEAR_TOLERANCE = 0.01  # relative: constant equals current in the base year, to rounding
FIRST_YEAR = 1949  # the Treaty's year: no NATO table starts earlier


@dataclass(frozen=True)
class KnownOddity:
    """A real figure that trips an oddity check, with where it can be seen to be real."""

    check: str
    iso3: str
    year: int
    source: str


KNOWN_ODDITIES: tuple[KnownOddity, ...] = (
    KnownOddity(
        "gdp_jump",
        "LUX",
        2023,
        "source S01 (NATO's June 2024 tables, 240617-def-exp-2024-TABLES-en.xlsx), TABLE5: "
        "NATO itself prints Luxembourg's constant-price GDP a third lower in 2023 than in 2022",
    ),
)


def check_release(rows: pd.DataFrame, base_year: int | None) -> list[str]:
    """Refuse impossible figures (all listed); return the warnings for odd but possible ones.

    ``rows`` are the importer's long rows with ``sheet`` and ``cell`` columns beside the value.
    """
    problems = _bounds(rows) + _years(rows) + _price_basis(rows, base_year)
    if problems:
        raise ImplausibleDataError(problems)
    return _category_sums(rows) + _gdp_jumps(rows)


def _where(row: pd.Series) -> str:
    return f"sheet {row['sheet']!r}, cell {row['cell']}"


def _bounds(rows: pd.DataFrame) -> list[str]:
    lows = rows["measure"].map(lambda m: BOUNDS.get(m, (-np.inf, np.inf))[0])
    highs = rows["measure"].map(lambda m: BOUNDS.get(m, (-np.inf, np.inf))[1])
    bad = rows[(rows["value"] < lows) | (rows["value"] > highs)]
    return [
        f"{_where(r)}: {r['measure']} {r['value']:g} outside "
        f"[{BOUNDS[r['measure']][0]:g}, {BOUNDS[r['measure']][1]:g}]"
        for _, r in bad.iterrows()
    ]


def _years(rows: pd.DataFrame) -> list[str]:
    early = rows[rows["year"] < FIRST_YEAR].drop_duplicates(["sheet", "year"])
    return [
        f"sheet {r['sheet']!r}: year {r['year']} before {FIRST_YEAR}" for _, r in early.iterrows()
    ]


def _price_basis(rows: pd.DataFrame, base_year: int | None) -> list[str]:
    """Constant equals current in the base year; after it, current is higher for most allies."""
    if base_year is None:
        return []
    problems = []
    for current, constant in PRICE_PAIRS:
        pair = _pair(rows, current, constant)
        if pair.empty:
            continue
        base = pair[pair["year"] == base_year]
        gap = (base["cur"] - base["con"]).abs() > BASE_YEAR_TOLERANCE * base["con"].abs() + 0.5
        problems += [
            f"{_where(r)}: {constant} {r['con']:g} differs from {current} {r['cur']:g} in the "
            f"base year {base_year} (constant prices equal current prices there)"
            for _, r in base[gap].iterrows()
        ]
        last = pair[pair["year"] == pair["year"].max()]
        if last["year"].max() > base_year + 1 and len(last) >= 5:
            below = int((last["cur"] < last["con"]).sum())
            if below > len(last) / 2:
                first = last.iloc[0]
                problems.append(
                    f"{_where(first)}: {current} below {constant} for {below} of {len(last)} "
                    f"allies in {first['year']}, after the base year {base_year}: "
                    "are the current and constant price blocks swapped?"
                )
    return problems


def _pair(rows: pd.DataFrame, current: str, constant: str) -> pd.DataFrame:
    keys = ["iso3", "year"]
    cur = rows.loc[rows["measure"] == current, keys + ["value"]].rename(columns={"value": "cur"})
    con = rows.loc[rows["measure"] == constant, keys + ["value", "sheet", "cell"]]
    return cur.merge(con.rename(columns={"value": "con"}), on=keys)


def _category_sums(rows: pd.DataFrame) -> list[str]:
    cats = rows[rows["measure"].isin(CATEGORIES)]
    table = cats.pivot_table(index=["iso3", "year"], columns="measure", values="value")
    if table.shape[1] < len(CATEGORIES):
        return []
    sums = table[list(CATEGORIES)].sum(axis=1, min_count=len(CATEGORIES)).dropna()
    off = sums[(sums - 100).abs() > CATEGORY_TOLERANCE]
    return [
        _oddity(
            "category_sum",
            str(iso3),
            int(year),
            f"{iso3} {year}: category shares sum to {total:.2f}",
        )
        for (iso3, year), total in zip(off.index, off, strict=True)
    ]


def _gdp_jumps(rows: pd.DataFrame) -> list[str]:
    gdp = rows[rows["measure"] == "gdp_usd_constant_m"].sort_values(["iso3", "year"])
    change = gdp.groupby("iso3")["value"].pct_change() * 100
    consecutive = gdp.groupby("iso3")["year"].diff() == 1
    flagged = (change.abs() > GDP_JUMP) & consecutive
    jumps = zip(gdp.loc[flagged, "iso3"], gdp.loc[flagged, "year"], change[flagged], strict=True)
    return [
        _oddity(
            "gdp_jump",
            str(iso3),
            int(year),
            f"{iso3} {year}: constant-price GDP changes by {pct:+.1f}% in a year",
        )
        for iso3, year, pct in jumps
    ]


def _oddity(check: str, iso3: str, year: int, text: str) -> str:
    """A warning line; for a whitelisted oddity, says it is known and where it is shown."""
    known = next(
        (k for k in KNOWN_ODDITIES if (k.check, k.iso3, k.year) == (check, iso3, year)), None
    )
    if known is None:
        return f"implausible, accepted: {text}"
    return f"known oddity, accepted: {text} ({known.source})"
