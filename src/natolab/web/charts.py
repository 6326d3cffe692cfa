"""Vega-Lite specifications of the dashboard's charts, data inlined.

Charts are drawn in the browser by vega-embed (served from ``/static/vega.js``); the same
numbers are always in a table on the page, so nothing is lost without JavaScript. Specs are
plain dicts, serialised with :mod:`natolab.serialise` into the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# the container is role="img" with a label, and the same numbers are in a table beside it
NO_ARIA = {"aria": False}
COLOURS = {"2%": "#1f5fa8", "3.5%": "#c0392b"}
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched


def spec(description: str, *, height: int = 260, **body: Any) -> dict[str, Any]:
    """The frame every dashboard chart shares (schema, description, sizing, no ARIA), plus ``body``."""
    frame = {"$schema": SCHEMA, "description": description, "config": NO_ARIA}
    return frame | {"width": "container", "height": height} | body


def counts_chart(counts: pd.DataFrame) -> dict[str, Any]:
    """Allies at or above 2% and 3.5% of GDP per year: two lines."""
    from natolab.serialise import records

    rows = [
        {"year": r["year"], "threshold": label, "allies": r[column]}
        for r in records(counts)
        for label, column in (("2%", "at_or_above_2pct"), ("3.5%", "at_or_above_3_5pct"))
    ]
    return spec(
        "Number of allies at or above 2% and 3.5% of GDP, by year",
        height=260,
        **{
            "data": {"values": rows},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": "Year"},
                "y": {"field": "allies", "type": "quantitative", "title": "Allies at or above"},
                "color": {
                    "field": "threshold",
                    "type": "nominal",
                    "title": "Share of GDP",
                    "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
                },
                "tooltip": [{"field": "year"}, {"field": "threshold"}, {"field": "allies"}],
            },
        },
    )


def series_chart(series: pd.DataFrame) -> dict[str, Any]:
    """One ally's share of GDP, one line per release: what NATO said in each edition."""
    from natolab.serialise import records

    rows = [{k: r[k] for k in ("year", "value", "release", "is_estimate")} for r in records(series)]
    return spec(
        "Share of GDP by year as each release published it",
        height=260,
        **{
            "data": {"values": rows},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": "Year"},
                "y": {"field": "value", "type": "quantitative", "title": "% of GDP"},
                "color": {"field": "release", "type": "nominal", "title": "Release"},
                "tooltip": [{"field": "release"}, {"field": "year"}, {"field": "value"}],
            },
        },
    )


def map_chart(values: pd.DataFrame, year: int, title: str, links: dict[str, str]) -> dict[str, Any]:
    """A choropleth of one measure for every year; the page's slider sets the ``year`` signal.

    All years are inlined so moving the slider redraws without a request; the geometry is
    natolab's own Natural Earth outlines (``/map/land.geojson``). Clicking an ally opens its page.
    """
    from natolab.serialise import records

    rows = [
        {"iso3": r["iso3"], "name": r["name"], "year": r["year"], "value": r["value"],
         "href": links.get(r["iso3"], "")}
        for r in records(values)
    ]  # fmt: skip
    land = {"url": "/map/land.geojson", "format": {"type": "json", "property": "features"}}
    return spec(
        f"Map of {title} by ally",
        height=420,
        **{
            "params": [{"name": "year", "value": year}],
            "projection": {"type": "conicConformal", "center": [-15, 55], "scale": 380},
            "layer": [
                {
                    "data": land,
                    "mark": {
                        "type": "geoshape",
                        "fill": "#e6e6e6",
                        "stroke": "#ffffff",
                        "aria": False,
                    },
                },
                {
                    "data": {"values": rows},
                    "transform": [
                        {"filter": "datum.year == year"},
                        {
                            "lookup": "iso3",
                            "from": {"data": land, "key": "properties.iso3"},
                            "as": "geo",
                        },
                    ],
                    "mark": {
                        "type": "geoshape",
                        "stroke": "#ffffff",
                        "cursor": "pointer",
                        "aria": False,
                    },
                    "encoding": {
                        "shape": {"field": "geo", "type": "geojson"},
                        "color": {
                            "field": "value",
                            "type": "quantitative",
                            "title": title,
                            "scale": {"scheme": "blues"},
                        },
                        "href": {"field": "href"},
                        "tooltip": [{"field": "name"}, {"field": "year"}, {"field": "value"}],
                    },
                },
            ],
        },
    )
