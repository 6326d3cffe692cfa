"""Trajectories: the constant real growth of defence spending needed to reach a target by a year.

If real GDP grows at ``g`` a year and spending must go from share ``s0`` to target ``T`` in ``n``
years, spending must grow in real terms at ``r = (T / s0) ** (1 / n) * (1 + g) - 1`` a year. The
rate needs only shares and a GDP growth assumption; the money path (constant dollars, one price
base) also needs the GDP level in the base year and is left NaN, with a reason, when the data has
none. Default GDP growth: the least-squares trend of the ally's (or group's) own real GDP in the
data, from one release, so revisions between editions do not distort it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from natolab.burden._common import (
    HAGUE_DEADLINE,
    Target,
    join_releases,
    latest_year_with,
    one_price_base,
    resolve_group,
    resolve_target,
    same_release,
    values_by_release,
)
from natolab.display import Summary
from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance

GDP = "gdp_usd_constant_m"
NO_FORCES = "no armed forces (0 by NATO's definition)"


@dataclass(frozen=True, repr=False)
class Trajectory(Summary):
    """The required growth for a group (or one ally), its money path, and each ally's own."""

    label: str
    allies: tuple[str, ...]
    target: Target
    by: int
    base_year: int
    base_pct_gdp: float
    gdp_growth_pct: float
    gdp_growth_source: str
    required_real_growth_pct: float
    already_meets: bool
    path: pd.DataFrame
    per_ally: pd.DataFrame
    releases: str
    reason: str


def required_growth(
    share: np.ndarray, target: float, years: int, gdp_growth: np.ndarray
) -> np.ndarray:
    """Real growth a year (fraction) taking spending from ``share`` to ``target`` in ``years``."""
    return (target / share) ** (1.0 / years) * (1.0 + gdp_growth) - 1.0


def gdp_trend(gdp: pd.DataFrame) -> pd.DataFrame:
    """Per ally: real GDP trend growth (fraction a year) from the release of its newest value.

    A log-linear least-squares fit over every year that release gives, so one bad year (2020)
    weighs less than in an end-to-end growth rate.
    """
    newest = gdp.sort_values("year").groupby("iso3")["release"].last()
    rows = gdp[gdp["release"] == gdp["iso3"].map(newest)]
    fits = rows.groupby("iso3")[["year", "value"]].apply(_fit)
    return fits.reset_index()


def _fit(rows: pd.DataFrame) -> pd.Series:
    ok = rows["value"] > 0
    years, values = rows.loc[ok, "year"].to_numpy(float), rows.loc[ok, "value"].to_numpy(float)
    growth = np.expm1(np.polyfit(years, np.log(values), 1)[0]) if len(years) >= 3 else np.nan
    span = f"{int(years.min())}-{int(years.max())}" if len(years) else ""
    return pd.Series({"gdp_growth": growth, "trend_years": span})


def trajectory(
    nato: Alliance,
    who: str | Sequence[str],
    target: float | str = "hague core",
    by: int | None = None,
    gdp_growth: float | None = None,
    base_year: int | None = None,
) -> Trajectory:
    """What ``who`` (an ally, "Europe and Canada", "NATO" or a list) must do to reach ``target``.

    ``gdp_growth`` in percent a year overrides the GDP trend; ``by`` defaults to the Hague
    deadline; ``base_year`` defaults to the newest year with a share for every ally (and, for a
    group, their GDP, which weights the group's share).
    """
    label, codes = resolve_group(nato, who)
    goal = resolve_target(nato, target, nato.on)
    horizon = _horizon(nato, by)
    gdp_latest = nato.spending(GDP, allies=list(codes))
    shares = _shares(nato, codes, gdp_latest)
    reporting = tuple(c for c in codes if c in set(shares["iso3"]))
    if not reporting:
        raise InputError(f"no share-of-GDP data for {label}")
    gdp_latest = gdp_latest[gdp_latest["iso3"].isin(reporting)]
    base = _base_year(shares, gdp_latest, reporting, base_year)
    if horizon <= base:
        raise InputError(f"horizon {horizon} is not after the base year {base}")
    allies = _per_ally(nato, shares, gdp_latest, reporting, base, goal, horizon, gdp_growth)
    return _group(label, reporting, goal, horizon, base, allies, gdp_latest, gdp_growth)


def _shares(nato: Alliance, codes: Sequence[str], gdp: pd.DataFrame) -> pd.DataFrame:
    """The group's shares; in a group, allies without armed forces count as 0 with their GDP.

    That is NATO's own convention for its aggregates (Iceland's GDP is in "NATO Europe and
    Canada"); alone, such an ally has no share to grow and is refused.
    """
    shares = nato.spending("pct_gdp", allies=list(codes))
    members = nato.members.set_index("iso3")
    unarmed = [c for c in codes if not bool(members.loc[c, "has_armed_forces"])]
    if len(codes) == 1 and unarmed:
        raise InputError(f"{codes[0]} has no armed forces: it has no defence spending to grow")
    zero = gdp[gdp["iso3"].isin(unarmed)][["iso3", "name", "year"]]
    zero = zero.assign(value=0.0, release=NO_FORCES)
    return pd.concat([shares, zero], ignore_index=True) if len(zero) else shares


def _horizon(nato: Alliance, by: int | None) -> int:
    if by is None:
        found = nato.parameters.get(HAGUE_DEADLINE)
        if not found.in_force:
            raise InputError(f"no deadline in force on {nato.on}; give one (by=...)")
        by = int(found.value)
    if by < nato.on.year:
        raise InputError(f"horizon {by} is in the past (as of {nato.on.isoformat()})")
    return int(by)


def _base_year(
    shares: pd.DataFrame, gdp: pd.DataFrame, codes: Sequence[str], base: int | None
) -> int:
    if base is not None:
        have = set(shares.loc[shares["year"] == base, "iso3"])
        missing = [c for c in codes if c not in have]
        if missing:
            raise InputError(f"no share of GDP for {', '.join(missing)} in {base}")
        return int(base)
    found = latest_year_with(shares, codes)
    if len(codes) > 1:  # a group's share is GDP-weighted: it needs every ally's GDP too
        both = shares.merge(gdp[["iso3", "year"]], on=["iso3", "year"])
        found = latest_year_with(both, codes)
    if found is None:
        raise InputError("no year in which every ally of the group has a share and GDP")
    return found


def _per_ally(
    nato: Alliance,
    shares: pd.DataFrame,
    gdp_latest: pd.DataFrame,
    codes: Sequence[str],
    base: int,
    goal: Target,
    horizon: int,
    gdp_growth: float | None,
) -> pd.DataFrame:
    """Each ally's base share, GDP (same release where possible), trend and required growth."""
    now = shares[shares["year"] == base][["iso3", "name", "year", "value", "release"]]
    now = now.rename(columns={"value": "pct_gdp"})
    by_release = values_by_release(nato, [GDP])
    now = same_release(now, by_release, gdp_latest, GDP, "gdp_usd_constant_m")
    now, _ = one_price_base(now, "gdp_usd_constant_m")
    now = now.rename(columns={"gdp_usd_constant_m_release": "gdp_release"})
    trend = gdp_trend(gdp_latest)
    if gdp_growth is None and "gdp_growth" not in trend.columns:
        raise InputError("no constant-price GDP in the releases visible: give gdp_growth")
    now = now.merge(trend, on="iso3", how="left") if "gdp_growth" in trend.columns else now
    if gdp_growth is not None:
        now["gdp_growth"], now["trend_years"] = gdp_growth / 100.0, "assumed"
    with np.errstate(divide="ignore"):
        start = now["pct_gdp"].to_numpy(float)
        rate = required_growth(start, goal.value, horizon - base, now["gdp_growth"].to_numpy(float))
    rate[start <= 0] = np.nan  # nothing to grow from
    now["gdp_growth_pct"] = now["gdp_growth"] * 100.0
    now["required_real_growth_pct"] = rate * 100.0
    now["meets_now"] = now["pct_gdp"] >= goal.value
    now["target_pct_gdp"], now["target_parameter"] = goal.value, goal.parameter
    now["target_reference"], now["by"] = goal.reference, horizon
    return now.drop(columns=["gdp_growth"]).set_index("iso3").loc[list(codes)].reset_index()


def _group(
    label: str,
    codes: tuple[str, ...],
    goal: Target,
    horizon: int,
    base: int,
    allies: pd.DataFrame,
    gdp_latest: pd.DataFrame,
    gdp_growth: float | None,
) -> Trajectory:
    """Aggregate the allies (GDP-weighted share, summed GDP trend) and build the money path."""
    weights = allies["gdp_usd_constant_m"]
    if len(codes) == 1:
        share = float(allies["pct_gdp"].iloc[0])
        growth = float(allies["gdp_growth_pct"].iloc[0]) / 100.0
        source = _growth_source(allies["trend_years"].iloc[0], gdp_latest, gdp_growth)
    else:
        share = float((allies["pct_gdp"] * weights).sum() / weights.sum())
        growth, source = _group_growth(gdp_latest, codes, gdp_growth)
    rate = float(
        required_growth(np.array([share]), goal.value, horizon - base, np.array([growth]))[0]
    )
    gdp0 = float(weights.sum(min_count=len(codes)))
    reason = "" if np.isfinite(gdp0) else f"no constant-price GDP for {base}: money path unknown"
    if not np.isfinite(growth):
        reason = "no real GDP series to estimate a trend: give gdp_growth"
    path = _path(base, horizon, share, gdp0, rate, growth, goal)
    path["release"] = join_releases(allies["release"].replace(NO_FORCES, None))
    path["gdp_release"] = join_releases(allies["gdp_release"])
    path["price_base_year"] = allies["gdp_usd_constant_m_base_year"].dropna().astype(int).max()
    return Trajectory(
        label, codes, goal, horizon, base, share, growth * 100.0, source, rate * 100.0,
        share >= goal.value, path, allies,
        join_releases([*allies["release"].replace(NO_FORCES, None), *allies["gdp_release"]]), reason,
    )  # fmt: skip


def _growth_source(years: str, gdp: pd.DataFrame, assumed: float | None) -> str:
    if assumed is not None:
        return "assumed by the user"
    release = join_releases(gdp.sort_values("year")["release"].tail(1))
    return f"trend of real GDP {years} ({GDP}, {release})"


def _group_growth(
    gdp: pd.DataFrame, codes: Sequence[str], assumed: float | None
) -> tuple[float, str]:
    """The group's GDP trend: from the summed GDP of years in which every ally has a value."""
    if assumed is not None:
        return assumed / 100.0, "assumed by the user"
    newest = gdp.sort_values("year").groupby("iso3")["release"].last()
    rows = gdp[gdp["release"] == gdp["iso3"].map(newest)]
    full = rows.groupby("year").filter(lambda g: g["iso3"].nunique() == len(codes))
    total = full.groupby("year")["value"].sum().reset_index().assign(iso3="group")
    fit = _fit(total)
    source = f"trend of the group's summed real GDP {fit['trend_years']} ({GDP}, {join_releases(rows['release'])})"
    return float(fit["gdp_growth"]), source


def _path(
    base: int, horizon: int, share: float, gdp0: float, rate: float, growth: float, goal: Target
) -> pd.DataFrame:
    """Year-by-year spending, GDP and share if spending grows at ``rate`` and GDP at ``growth``."""
    years = np.arange(base, horizon + 1)
    steps = years - base
    gdp = gdp0 * (1.0 + growth) ** steps
    spending = share / 100.0 * gdp0 * (1.0 + rate) ** steps
    shares = share * ((1.0 + rate) / (1.0 + growth)) ** steps
    return pd.DataFrame(
        {
            "year": years,
            "pct_gdp": shares,
            "defence_usd_constant_m": spending,
            "gdp_usd_constant_m": gdp,
            "required_real_growth_pct": rate * 100.0,
            "gdp_growth_pct": growth * 100.0,
            "target_pct_gdp": goal.value,
            "target_parameter": goal.parameter,
            "target_reference": goal.reference,
        }
    )
