"""The money tables, vectorised, against a naive per-ally, per-year Python loop on the same data.

Measured: ``compliance`` over 2014-2026 x 32 allies and ``burden_sharing`` + ``us_share`` over
every year, each a complete public call (store reads included). Baselines, same run, same
store: the same reads followed by the obvious loop over years and allies with a DataFrame
lookup per cell, the code the vectorised version replaces. Targets: well under a second
absolute, and faster than the loop.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from harness import Measurement, best_time

if TYPE_CHECKING:
    from natolab.alliance import Alliance

YEARS = range(2014, 2027)


def _alliance(folder: str) -> Alliance:
    from natolab.alliance import Alliance
    from natolab.store import Store

    store = Store(Path(folder) / "natolab.duckdb")
    store.build()
    return Alliance(on="2026-11-24", store=store)


def naive_compliance(nato: Alliance) -> list[dict[str, object]]:
    """Per year, per ally: look up share and GDP, compare with the guideline, price the gap."""
    shares = nato.spending("pct_gdp")
    gdp = nato.spending("gdp_usd_current_m")
    gdp_constant = nato.spending("gdp_usd_constant_m")
    equipment = nato.spending("equipment_share_pct")
    rows = []
    for year in YEARS:
        target = nato.parameters.at(date(year, 12, 31))
        threshold = float(target.value("defence_guideline_share_of_gdp"))
        for code in nato.members["iso3"]:
            row: dict[str, object] = {"iso3": code, "year": year}
            share = shares[(shares["iso3"] == code) & (shares["year"] == year)]["value"]
            value = float(share.iloc[0]) if len(share) else float("nan")
            gap = max(threshold - value, 0.0)
            for name, frame in (("gdp", gdp), ("gdp_c", gdp_constant), ("eq", equipment)):
                found = frame[(frame["iso3"] == code) & (frame["year"] == year)]["value"]
                row[name] = float(found.iloc[0]) if len(found) else float("nan")
            gap_usd_m = gap / 100 * float(row["gdp"])  # type: ignore[arg-type]
            row.update(share=value, meets=value >= threshold, gap_usd_m=gap_usd_m)
            rows.append(row)
    return rows


def naive_burden(nato: Alliance) -> list[dict[str, object]]:
    """Per year: totals by looping over allies, then each ally's shares and ratio."""
    spending = nato.spending("usd_current_m")
    gdp = nato.spending("gdp_usd_current_m")
    rows = []
    for year in sorted(set(spending["year"])):
        values = {}
        for code in nato.members["iso3"]:
            s = spending[(spending["iso3"] == code) & (spending["year"] == year)]["value"]
            g = gdp[(gdp["iso3"] == code) & (gdp["year"] == year)]["value"]
            values[code] = (
                float(s.iloc[0]) if len(s) else 0.0,
                float(g.iloc[0]) if len(g) else 0.0,
            )
        total_s = sum(v[0] for v in values.values())
        total_g = sum(v[1] for v in values.values())
        for code, (s_value, g_value) in values.items():
            ratio = (
                (s_value / total_s) / (g_value / total_g) if total_s and g_value else float("nan")
            )
            rows.append({"iso3": code, "year": year, "ratio": ratio})
    return rows


def benchmark() -> list[Measurement]:
    from natolab.burden import burden_sharing, compliance, us_share

    with tempfile.TemporaryDirectory() as folder:
        nato = _alliance(folder)
        fast = best_time(lambda: compliance(nato, YEARS))
        slow = best_time(lambda: naive_compliance(nato), repeat=3)
        burden = best_time(lambda: (burden_sharing(nato), us_share(nato)))
        loop = best_time(lambda: naive_burden(nato), repeat=3)
    return [
        Measurement(
            "compliance 2014-2026 x 32 vs per-ally loop",
            fast,
            slow,
            "s",
            "< 1 s and < 1x",
            fast < 1.0 and fast < slow,
        ),
        Measurement(
            "burden sharing + US share, all years, vs loop",
            burden,
            loop,
            "s",
            "< 1 s and < 1x",
            burden < 1.0 and burden < loop,
        ),
    ]
