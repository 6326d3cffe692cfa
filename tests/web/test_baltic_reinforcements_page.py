"""baltic-efp-today on the Scenarios page, in a real headless Chromium: the reinforcements model B
generates are drawn (battalions on each axis by hour, median and 5-95% band) and tabled with the
same numbers as the JSON API.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

SCENARIO = "baltic-efp-today"


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def test_generated_arrivals_are_drawn_and_tabled(page: Any, base_url: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}/scenarios/{SCENARIO}")
    form = page.locator(f"form[action='/scenarios/{SCENARIO}/run']")
    form.locator("input[name=runs]").fill("2000")
    form.locator("button[type=submit]").click()
    for chart in ("#chart-hours", "#chart-reinforcements"):
        page.wait_for_selector(f'{chart}[data-ready="true"] svg', timeout=120_000)
    run_id = page.locator("#job .results h2").inner_text().split()[-1]
    with urllib.request.urlopen(f"{base_url}/api/v1/runs/{run_id}/results") as response:
        api = json.loads(response.read())
    rows = api.get("tables", api)["reinforcements"]
    table = next(
        t
        for t in page.locator("#job table").all()
        if t.locator("caption").inner_text().strip() == "reinforcements"
    )
    assert table.locator("tbody tr").count() == len(rows) == 22  # two axes, days 0-10
    assert {r["axis"] for r in rows} == {"tallinn", "riga"}
    assert errors == []
