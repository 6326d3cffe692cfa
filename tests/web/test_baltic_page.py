"""The Baltic question on the Scenarios page, in a real headless Chromium: run RAND 2016's
scenario from its form, see the hours-to-capital charts drawn, the table of hours equal to the
JSON API's, the study's sources linked, and no serious or critical axe-core violation.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

SCENARIO = "rand-baltic-2016"


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def _run(page: Any, base_url: str, errors: list[str], foreign: list[str]) -> None:
    """Open the scenario, run it from the form and wait for its three charts to be drawn."""
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if r.url.startswith("http") and urlparse(r.url).hostname != "127.0.0.1"
            else None
        ),
    )
    page.goto(f"{base_url}/scenarios/{SCENARIO}")
    form = page.locator(f"form[action='/scenarios/{SCENARIO}/run']")
    form.locator("input[name=runs]").fill("2000")
    form.locator("button[type=submit]").click()
    for chart in ("#chart-hours", "#chart-arrival", "#chart-reproduction"):
        page.wait_for_selector(f'{chart}[data-ready="true"] svg', timeout=120_000)


def test_advance_results_are_drawn_with_their_sources(page: Any, base_url: str) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    _run(page, base_url, errors, foreign)
    run_id = page.locator("#job .results h2").inner_text().split()[-1]
    with urllib.request.urlopen(f"{base_url}/api/v1/runs/{run_id}/results") as response:
        api = json.loads(response.read())
    hours = next(t for t in page.locator("#job table").all() if _caption(t) == "hours")
    shown = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(3).inner_text()
        for row in hours.locator("tbody tr").all()
    }
    expected = {r["output"]: f"{r['p50']:,.4g}" for r in _table(api, "hours")}
    assert shown == expected
    reproduction = _table(api, "reproduction")[0]
    assert (reproduction["published_low"], reproduction["published_high"]) == (36, 60)
    link = page.locator("#job .sources a[href='/sources/src-718f2172']")
    assert link.count() == 1
    assert errors == [] and foreign == []


def test_advance_results_have_no_serious_accessibility_violation(page: Any, base_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _run(page, base_url, [], [])
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert bad == []


def _caption(table: Any) -> str:
    return str(table.locator("caption").inner_text()).strip()


def _table(api: dict[str, Any], name: str) -> list[dict[str, Any]]:
    tables = api.get("tables", api)
    found: list[dict[str, Any]] = tables[name]
    return found
