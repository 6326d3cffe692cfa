"""The dashboard in a real headless Chromium: pages load cleanly and only from 127.0.0.1, the
map's slider redraws it, a rules form answers, a downloaded CSV holds natolab's numbers, and
axe-core finds no serious or critical accessibility violation.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pytest

PAGES = [
    "/",
    "/allies",
    "/allies?year=2016&target=2&sort=-pct_gdp",
    "/allies/DEU",
    "/map",
    "/targets",
    "/releases?a=nato-2024-06&b=nato-2025-08",
    "/rules",
    "/rules/article6?place=Hawaii",
    "/sources",
    "/sources/S01",
    "/explain?measure=pct_gdp&ally=DEU&year=2024&target=2",
]
CHARTS = {"/": "#counts-chart", "/allies/DEU": "#series-chart", "/map": "#map"}


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def _watch(page: Any) -> tuple[list[str], list[str]]:
    """Collect console errors / page errors, and every request to a host other than 127.0.0.1."""
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def request(r: Any) -> None:
        host = urlparse(r.url).hostname
        if r.url.startswith("http") and host != "127.0.0.1":
            foreign.append(r.url)

    page.on("request", request)
    return errors, foreign


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_and_only_from_loopback(
    page: Any, base_url: str, path: str
) -> None:
    errors, foreign = _watch(page)
    response = page.goto(base_url + path)
    assert response.status == 200
    if path in CHARTS:
        page.wait_for_selector(f'{CHARTS[path]}[data-ready="true"] svg', timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert foreign == []
    assert page.locator("main h1").count() == 1


def _map_fills(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#map svg path", "paths => paths.map(p => p.getAttribute('fill') || '')"
    )


def test_year_slider_redraws_the_map_and_its_table(page: Any, base_url: str) -> None:
    page.goto(base_url + "/map")
    page.wait_for_selector('#map[data-ready="true"] svg path')
    before = _map_fills(page)
    assert page.locator("#year-value").inner_text() != "2016"
    page.locator("#year-slider").fill("2016")
    page.wait_for_selector('#map[data-year="2016"]')
    after = _map_fills(page)
    assert after != before
    assert page.locator("#year-value").inner_text() == "2016"
    # htmx swapped the table for the chosen year (the page reads the same without JavaScript)
    page.wait_for_function(
        "() => document.querySelector('#table-map tbody td:nth-child(3)').textContent === '2016'"
    )


def test_rules_form_returns_its_answer_with_sources(page: Any, base_url: str) -> None:
    page.goto(base_url + "/rules")
    form = page.locator("#form-article6")
    form.locator("input[name=place]").fill("Hawaii")
    form.locator("button[type=submit]").click()
    heading = page.locator("#result h2")
    heading.wait_for()
    # Hawaii lies south of the Tropic of Cancer, outside the North Atlantic area (Art. 6)
    assert "not covered" in heading.inner_text()
    assert page.locator("#result .because li").count() >= 1
    assert page.locator("#result .because a[href^='/sources/']").count() >= 1
    assert page.url == base_url + "/rules"  # swapped in place by htmx, no navigation


def test_rules_form_shows_a_bad_place_in_place(page: Any, base_url: str) -> None:
    page.goto(base_url + "/rules")
    form = page.locator("#form-article6")
    form.locator("input[name=place]").fill("Atlantisxyz")
    form.locator("button[type=submit]").click()
    page.locator("#result .error").wait_for()
    assert "Atlantisxyz" in page.locator("#result .error").inner_text()


def test_downloaded_csv_equals_the_python_api(
    page: Any, base_url: str, built_store_file: Path
) -> None:
    from natolab.alliance import Alliance
    from natolab.store import Store

    page.goto(base_url + "/allies?year=2024&target=2")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    shown = pd.read_csv(io.BytesIO(Path(info.value.path()).read_bytes()))

    nato = Alliance(store=Store(built_store_file))
    truth = nato.compliance(2024, 2.0).table.set_index("iso3")
    usd = nato.spending("usd_current_m", years=[2024]).set_index("iso3")["value"]
    shown = shown.set_index("iso3")
    assert sorted(shown.index) == sorted(truth.index)
    assert (shown["year"] == 2024).all()
    pd.testing.assert_series_equal(
        shown["pct_gdp"].sort_index(), truth["pct_gdp"].astype(float).sort_index(),
        check_names=False,
    )  # fmt: skip
    assert shown["release"].sort_index().tolist() == truth["release"].sort_index().tolist()
    pd.testing.assert_series_equal(
        shown["usd_current_m"].dropna().sort_index(), usd.sort_index(), check_names=False
    )
    assert shown["meets"].sum() == truth["meets"].eq(True).sum()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(page: Any, base_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + path)
    if path in CHARTS:
        page.wait_for_selector(f'{CHARTS[path]}[data-ready="true"] svg', timeout=20_000)
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert bad == []


def test_clicking_an_ally_on_the_map_opens_its_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/map")
    page.wait_for_selector('#map[data-ready="true"] svg path')
    bounds = page.evaluate(
        """() => {
          let found = null;
          (function walk(node) {
            if (!node || found) return;
            if (node.datum && node.datum.iso3 === "POL") { found = node.bounds; return; }
            (node.items || []).forEach(walk);
          })(window.natolabViews.map.scenegraph().root);
          return found && [found.x1, found.y1, found.x2, found.y2];
        }"""
    )
    assert bounds is not None
    box = page.locator("#map svg").bounding_box()
    padding = page.evaluate("() => window.natolabViews.map.padding()")
    x = box["x"] + padding["left"] + (bounds[0] + bounds[2]) / 2
    y = box["y"] + padding["top"] + (bounds[1] + bounds[3]) / 2
    page.mouse.click(x, y)
    page.wait_for_url("**/allies/POL")
    assert page.locator("main h1").inner_text().startswith("Poland")
