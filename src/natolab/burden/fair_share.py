"""Fair shares, the force-planning principle: apportion a total by each ally's share of GDP.

NATO's defence planning apportions capability targets by "fair share", broadly economic weight.
Given a total (money, or a count of battalions, ships, aircraft) this module says what each ally's
fair share would be, what it actually provides, and the fraction of its fair share it picks up
(1 = exactly its share; below 1, others pick up the rest).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from natolab.burden.sharing import burden_sharing
from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance


def apportion(
    total: float,
    weights: Mapping[str, float] | pd.Series,
    provided: Mapping[str, float] | pd.Series,
) -> pd.DataFrame:
    """Each key's fair share of ``total`` by ``weights``, against what it ``provided``.

    Columns: weight_pct, fair_share, provided, provided_minus_fair, fraction_of_fair_share.
    A key missing from ``provided`` has provided NaN (unknown), not zero.
    """
    weight = pd.Series(weights, dtype=float)
    if weight.isna().any() or (weight < 0).any() or not weight.sum() > 0:
        raise InputError("weights must be non-negative, known, and not all zero")
    if not total > 0:
        raise InputError(f"the total to apportion must be positive, got {total:g}")
    out = pd.DataFrame({"weight_pct": 100.0 * weight / weight.sum()})
    out["fair_share"] = total * out["weight_pct"] / 100.0
    out["provided"] = pd.Series(provided, dtype=float).reindex(out.index)
    out["provided_minus_fair"] = out["provided"] - out["fair_share"]
    out["fraction_of_fair_share"] = out["provided"] / out["fair_share"]
    return out.rename_axis("iso3").reset_index()


def fair_share(
    nato: Alliance,
    year: int,
    total: float | None = None,
    provided: Mapping[str, float] | None = None,
    unit: str = "usd_m",
) -> pd.DataFrame:
    """Fair shares of ``total`` by GDP share in ``year``; default: the alliance's own spending.

    With no ``total`` the total is the alliance's defence spending that year and ``provided`` each
    ally's spending (current USD), so ``fraction_of_fair_share`` equals the burden-sharing ratio.
    Pass a ``total`` and ``provided`` (e.g. battalions per ally) for a capability count.
    """
    table = burden_sharing(nato, year)
    if table["share_of_alliance_gdp_pct"].isna().any():
        raise InputError(f"alliance GDP for {year} is incomplete: no fair shares")
    indexed = table.set_index("iso3")
    given: Mapping[str, float] | pd.Series = provided or {}
    if total is None:
        total, given = float(table["spending_usd_m"].sum()), indexed["spending_usd_m"]
    out = apportion(total, indexed["gdp_usd_m"], given)
    out.insert(1, "name", out["iso3"].map(indexed["name"]))
    out.insert(2, "year", year)
    out["unit"] = unit
    out["weights"] = "GDP, current USD (" + out["iso3"].map(indexed["gdp_release"]) + ")"
    return out
