"""Vega-Lite specs for simulation results: fan charts, probabilities, forces, the legal path,
hours to a capital, the money a US exit leaves to replace.

A spec is a plain dict built from a result table; the browser draws it with the vendored
Vega bundle, and the same numbers are in the table printed under each chart, so nothing is
lost without JavaScript. One builder per result table a reader wants drawn; tables of the
crisis model appear in the withdrawal scenario with a ``crisis_`` prefix and get the same charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from natolab.web.charts import spec

if TYPE_CHECKING:
    import pandas as pd

Spec = dict[str, Any]
WIDTH = 560


@dataclass(frozen=True)
class Chart:
    """A chart of one result table: its id, a label for screen readers, and its spec."""

    id: str
    table: str
    label: str
    spec: Spec


def _base(rows: list[dict[str, Any]], title: str) -> Spec:
    return spec(title, title=title, width=WIDTH, data={"values": rows})


def _fan(rows: list[dict[str, Any]], title: str, low: str, mid: str, high: str, **by: Any) -> Spec:
    """A fan chart: the low-high band and the middle line, one colour per group."""
    x = by.get("x", {"field": "year", "type": "ordinal", "title": "year"})
    colour = by.get("color")
    encoding: Spec = {"x": x}
    if colour:
        encoding["color"] = colour
    spec = _base(rows, title)
    spec["encoding"] = encoding
    spec["layer"] = [
        {
            "mark": {"type": "area", "opacity": 0.25},
            "encoding": {
                "y": {"field": low, "type": "quantitative", "title": by.get("y_title", mid)},
                "y2": {"field": high},
            },
        },
        {
            "mark": {"type": "line", "point": True},
            "encoding": {"y": {"field": mid, "type": "quantitative"}},
        },
    ]
    return spec


def allies_meeting(frame: pd.DataFrame) -> Spec:
    rows = _rows(frame.assign(threshold=frame["threshold_pct_gdp"].map(lambda v: f"{v:g}% of GDP")))
    return _fan(
        rows,
        "Allies at or above each threshold: median and 5-95% band",
        "p05",
        "p50",
        "p95",
        color={"field": "threshold", "type": "nominal", "title": "threshold"},
        y_title="allies",
    )


def totals(frame: pd.DataFrame) -> Spec:
    return _fan(
        _rows(frame),
        "Defence spending paths, USD m constant prices: median and 5-95% band",
        "p05_usd_constant_m",
        "p50_usd_constant_m",
        "p95_usd_constant_m",
        color={"field": "series", "type": "nominal", "title": "series"},
        y_title="USD m (constant)",
    )


def consensus(frame: pd.DataFrame) -> Spec:
    spec = _base(_rows(frame), "Probability that the Council reaches consensus")
    spec["mark"] = "bar"
    spec["encoding"] = {
        "y": {"field": "case", "type": "nominal", "title": None},
        "x": {
            "field": "p_consensus",
            "type": "quantitative",
            "title": "probability",
            "scale": {"domain": [0, 1]},
        },
    }
    spec["height"] = 80
    return spec


def forces(frame: pd.DataFrame) -> Spec:
    spec = _base(_rows(frame), "Allied forces present over time (mean of runs)")
    spec["mark"] = {"type": "line", "point": True}
    spec["encoding"] = {
        "x": {"field": "day", "type": "quantitative", "title": "day"},
        "y": {"field": "mean", "type": "quantitative", "title": "thousands"},
        "color": {"field": "category", "type": "nominal"},
        "strokeDash": {"field": "case", "type": "nominal"},
    }
    return spec


def ratio(frame: pd.DataFrame) -> Spec:
    return _fan(
        _rows(frame),
        "Force ratio over time: median and 10-90% band",
        "p10",
        "p50",
        "p90",
        x={"field": "day", "type": "quantitative", "title": "day"},
        color={"field": "case", "type": "nominal"},
        y_title="force ratio",
    )


def legal(frame: pd.DataFrame) -> Spec:
    """The withdrawal path's gates as probabilities: lawful exit, Senate two-thirds, an Act."""
    import pandas as pd

    columns = {
        "p_lawful": "lawful withdrawal",
        "p_senate_two_thirds": "Senate two-thirds",
        "p_act_of_congress": "Act of Congress",
    }
    row = frame.iloc[0]
    long = pd.DataFrame({"gate": list(columns.values()), "probability": [row[c] for c in columns]})
    spec = _base(_rows(long), "US withdrawal: probability of each legal path")
    spec["mark"] = "bar"
    spec["height"] = 100
    spec["encoding"] = {
        "y": {"field": "gate", "type": "nominal", "title": None, "sort": None},
        "x": {"field": "probability", "type": "quantitative", "scale": {"domain": [0, 1]}},
    }
    return spec


def sensitivity(frame: pd.DataFrame, method: str) -> Spec:
    """Sobol total-order (with first-order) or Morris mu* indices, one bar per uncertainty."""
    value, title = (
        ("ST", "Sobol indices: total order") if method == "sobol" else ("mu_star", "Morris mu*")
    )
    spec = _base(_rows(frame), f"Sensitivity of the metric: {title}")
    spec["mark"] = "bar"
    spec["height"] = max(80, 24 * len(frame))
    spec["encoding"] = {
        "y": {"field": "parameter", "type": "nominal", "sort": "-x", "title": None},
        "x": {"field": value, "type": "quantitative", "title": value},
    }
    return spec


def arrival(frame: pd.DataFrame) -> Spec:
    """The ground advance: the share of runs at each capital by each hour (a cumulative curve)."""
    spec = _base(
        _rows(frame), "Share of runs in which the attacker has reached the capital, by hour"
    )
    spec["mark"] = {"type": "line"}
    spec["encoding"] = {
        "x": {"field": "hour", "type": "quantitative", "title": "hours after the attack"},
        "y": {
            "field": "p_arrived",
            "type": "quantitative",
            "title": "share of runs arrived",
            "scale": {"domain": [0, 1]},
        },
        "color": {"field": "capital", "type": "nominal", "title": None},
    }
    return spec


def reinforcements(frame: pd.DataFrame) -> Spec:
    """The ground advance's reinforcements generated by model B: battalions arrived on each
    axis by hour, median and 5-95% band."""
    return _fan(
        _rows(frame),
        "Battalions arrived on each axis by hour: median and 5-95% band",
        "p05",
        "p50",
        "p95",
        x={"field": "hour", "type": "quantitative", "title": "hours after the attack"},
        color={"field": "capital", "type": "nominal", "title": None},
        y_title="battalions",
    )


def hours(frame: pd.DataFrame) -> Spec:
    """Hours to each capital: the 5-95% band as a bar and the median as a tick (runs that do not
    arrive within the horizon have no band)."""
    spec = _base(_rows(frame), "Hours to each capital: median and 5-95% band")
    spec["height"] = max(140, 45 * len(frame))
    y = {"field": "capital", "type": "nominal", "title": None, "sort": None}
    spec["layer"] = _band_and_median(y, "hours after the attack")
    return spec


def _band_and_median(y: Spec, x_title: str) -> list[Spec]:
    """One row per ``y``: the 5-95% band as a bar and the median as a tick."""
    return [
        {
            "mark": {"type": "bar", "opacity": 0.35, "height": 14},
            "encoding": {
                "y": y,
                "x": {"field": "p05", "type": "quantitative", "title": x_title},
                "x2": {"field": "p95"},
            },
        },
        {
            "mark": {"type": "tick", "thickness": 3, "size": 20},
            "encoding": {"y": y, "x": {"field": "p50", "type": "quantitative"}},
        },
    ]


def gap(frame: pd.DataFrame) -> Spec | None:
    """The money a US exit leaves to replace (the capability model's ``gap`` rows in billions):
    the 5-95% band as a bar and the median as a tick, one row per output with its unit.

    Troops, brigades, units and years have other scales; they stay in the table below.
    """
    if not {"output", "unit", "p05", "p50", "p95"} <= set(frame.columns):
        return None
    money = frame[frame["unit"].astype(str).str.contains(" bn")]
    if money.empty:
        return None
    rows = [r | {"row": f"{r['output']}, {r['unit']}"} for r in _rows(money)]
    spec = _base(rows, "The gap in money: median and 5-95% band")
    spec["height"] = max(100, 32 * len(rows))
    y: Spec = {"field": "row", "type": "nominal", "title": None, "sort": None}
    y["axis"] = {"labelLimit": 360}
    spec["layer"] = _band_and_median(y, "billions")
    return spec


def reproduction(frame: pd.DataFrame) -> Spec | None:
    """natolab's 5-95% band and median beside a study's published range, one panel per output.

    Only for results published as a range (``published_low``..``published_high``, the advance
    model's hours); point figures in different units are left to their table.
    """
    if "published_low" not in frame.columns:
        return None
    rows = []
    for r in _rows(frame):
        rows.append(
            {"output": r["output"], "series": "natolab, 5-95% and median"}
            | {"low": r["natolab_p05"], "high": r["natolab_p95"], "mid": r["natolab_p50"]}
        )
        rows.append(
            {"output": r["output"], "series": "published", "mid": None}
            | {"low": r["published_low"], "high": r["published_high"]}
        )
    spec = _base(rows, "natolab's band beside the published range")
    spec["height"] = max(100, 50 * len(rows))
    y = {"field": "series", "type": "nominal", "title": None, "sort": None}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "opacity": 0.45, "height": 16},
            "encoding": {
                "y": y,
                "x": {"field": "low", "type": "quantitative", "title": "hours after the attack"},
                "x2": {"field": "high"},
                "color": {"field": "series", "type": "nominal", "legend": None},
            },
        },
        {
            "mark": {"type": "tick", "thickness": 3, "size": 22},
            "encoding": {"y": y, "x": {"field": "mid", "type": "quantitative"}},
        },
    ]
    return spec


BUILDERS: dict[str, tuple[str, Callable[[pd.DataFrame], Spec | None]]] = {
    "allies_meeting": ("Fan chart of allies meeting each threshold", allies_meeting),
    "totals": ("Fan chart of spending paths", totals),
    "legal": ("Probability of each legal path to US withdrawal", legal),
    "consensus": ("Probability of consensus in the Council", consensus),
    "ratio": ("Fan chart of the force ratio", ratio),
    "forces": ("Forces over time", forces),
    "hours": ("Hours to each capital, median and 5-95% band", hours),
    "arrival": ("Share of runs at each capital by hour", arrival),
    "reinforcements": ("Battalions arrived on each axis by hour", reinforcements),
    "reproduction": ("natolab's band beside the published range", reproduction),
    "gap": ("The gap in money, median and 5-95% band", gap),
}


def charts(tables: dict[str, pd.DataFrame]) -> list[Chart]:
    """Every chart the run's tables allow, in reading order."""
    out = []
    for key, (label, build) in BUILDERS.items():
        for name in (key, f"crisis_{key}"):
            frame = tables.get(name)
            drawn = build(frame) if frame is not None and not frame.empty else None
            if drawn is not None:
                out.append(Chart(f"chart-{name}", name, label, drawn))
    return out


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    from natolab.serialise import records

    return records(frame)
