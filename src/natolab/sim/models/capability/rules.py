"""The capability rules, vectorised over runs: force requirement, time, cost and burden sharing.

Plain functions of the drawn parameters and the prepared data, so a test can check each rule
with fixed values and the engine can run them on chunks of any size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from natolab.sim.models.capability.inputs import CapabilityPrepared


def compute(
    p: dict[str, np.ndarray], personnel: list[str], equipment: list[str] | None = None
) -> dict[str, Any]:
    """The rules, vectorised over runs: ``p`` holds each parameter's values, shape ``(runs,)``.

    Troops are recruited, equipment is produced: each has its own yearly limit, and Europe has
    closed the gap only when the slowest category has (``years_all``).
    """
    us = sum((p[f"count_{f}"] for f in personnel), np.zeros_like(p["replacement_ratio"]))
    troops = us * p["replacement_ratio"]
    out = {
        "us_personnel": us,
        "troops_needed": troops,
        "brigades": troops / p["brigade_slice"],
        "years_to_close": troops / p["recruits_per_year"],
        "target": p["target_share_pct"],
    }
    equipment = equipment or []
    for f in equipment:
        out[f"units_{f}"] = p[f"count_{f}"]
        out[f"years_{f}"] = p[f"count_{f}"] / p[f"production_{f}"]
    if equipment:
        out["years_all"] = np.maximum.reduce(
            [out["years_to_close"], *(out[f"years_{f}"] for f in equipment)]
        )
    return out


def lifecycle(p: dict[str, np.ndarray], troops: np.ndarray, years: float) -> dict[str, np.ndarray]:
    """Running and whole-period cost: one-off acquisition, then each year its operating and
    support cost and the replacement troops' pay.

    Operating and support over a system's life is ``os_share / (1 - os_share)`` times its
    acquisition cost (``os_share``: their share of life-cycle cost), spread evenly over
    ``service_life_years``; troops cost ``personnel_cost_k`` thousand a year each.
    """
    acquisition, share = p["acquisition_bn"], p["os_share"]
    running = acquisition * share / (1 - share) / p["service_life_years"]
    running = running + troops * p["personnel_cost_k"] / 1e6
    return {"running_cost_bn": running, "lifecycle_cost_bn": acquisition + years * running}


def personnel_pay(
    p: dict[str, np.ndarray], troops: np.ndarray, money: np.ndarray, prepared: CapabilityPrepared
) -> dict[str, np.ndarray]:
    """The replacement troops' yearly pay at NATO's cost per troop (``p["personnel_cost_k"]``,
    thousand, scenario currency), in dollars and euros, and each ally's part of it.

    An ally pays the part of the pay its burden-sharing rule gives it of the extra money
    (``money``: runs x allies); in a run where the allies already meet the target and add
    nothing, the pay is shared by GDP, since the troops must be paid all the same.
    """
    pay = troops * p["personnel_cost_k"] / 1e6  # bn, scenario currency and price base
    total = money.sum(axis=1, keepdims=True)
    by_gdp = np.broadcast_to(prepared.gdp / prepared.gdp.sum(), money.shape)
    share = np.where(total > 0, money / np.where(total > 0, total, 1.0), by_gdp)
    return {
        "personnel_cost_k": p["personnel_cost_k"],
        "personnel_usd_bn": pay * prepared.to_usd,
        "personnel_eur_bn": pay * prepared.to_eur,
        "ally_personnel_bn": pay[:, None] * share,
    }


def burden(
    target: np.ndarray, prepared: CapabilityPrepared, p: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """Extra share of GDP per run and ally (percentage points) under the burden-sharing rule.

    ``gdp``, ``spending`` and ``exposure`` first close the group's gap (target minus the group's
    share) and then split it; ``target`` lifts each ally below the target to it and leaves the
    others. ``exposure`` asks more of the allies nearest the adversary: its weights (``p``'s
    ``exposure_km`` and ``border_factor`` per run) scale each ally's GDP.
    """
    gdp, spend = prepared.gdp, prepared.spend
    gap = np.maximum(target[:, None] - 100 * spend.sum() / gdp.sum(), 0.0)  # (runs, 1) pp
    rule = prepared.levers.burden_rule
    if rule == "gdp":
        return np.broadcast_to(gap, (len(target), len(gdp))).copy()
    if rule == "spending":
        money = gap / 100 * gdp.sum() * spend / spend.sum()  # (runs, allies)
        return 100 * money / gdp
    if rule == "exposure" and p is not None:
        weight = gdp * np.exp(-prepared.distance_km[None, :] / p["exposure_km"][:, None])
        weight = weight * p["border_factor"][:, None] ** prepared.border[None, :]
        money = gap / 100 * gdp.sum() * weight / weight.sum(axis=1, keepdims=True)
        return 100 * money / gdp
    return np.maximum(target[:, None] - prepared.share, 0.0)


def acquisition(
    p: dict[str, np.ndarray], out: dict[str, Any], prepared: CapabilityPrepared
) -> dict[str, np.ndarray]:
    """One-off cost of each priced category (units x unit cost, restated at the scenario's
    price base), their total in dollars and euros, and, with the cost block, the total's
    yearly operating and support cost by the same life-cycle rule as :func:`lifecycle`.
    """
    priced = {
        f"acquisition_{f}_bn": out[f"units_{f}"]
        * p[f"unit_cost_{f}"]
        / 1000
        * prepared.unit_cost_factor[f]
        for f in prepared.priced
    }
    if not priced:
        return {}
    total = sum(priced.values(), np.zeros_like(p["replacement_ratio"]))
    priced["equipment_usd_bn"] = total * prepared.to_usd
    priced["equipment_eur_bn"] = total * prepared.to_eur
    if prepared.costed:
        share = p["os_share"]
        priced["equipment_running_bn"] = total * share / (1 - share) / p["service_life_years"]
    return priced
