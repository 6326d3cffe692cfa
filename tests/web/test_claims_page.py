"""The /claims page served for real: paste or upload a seed article, see verdicts in the text.

Expected verdicts come from tests/claims/labelled.yaml (hand-labelled from public sources):
article 001 judged as of 2025-06-01 says Article 5 was invoked once, which is accurate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

SEED = Path(__file__).parents[1] / "claims" / "seeds" / "001_fd90c68f4ae766a9.txt"
ARTICLE = SEED.read_text(encoding="utf-8")
ARTICLE5 = "invoked the collective-defense clause"


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def _paste(page: Any, base_url: str) -> None:
    page.goto(base_url + "/claims")
    page.fill("#claims-text", ARTICLE)
    page.fill("#claims-date", "2025-06-01")
    page.click("form.claims-form button[type=submit]")
    page.wait_for_selector("#h-verdicts")


def test_pasted_seed_article_shows_verdicts_in_the_text(page: Any, base_url: str) -> None:
    _paste(page, base_url)
    assert "2025-06-01" in page.inner_text("#h-verdicts")
    marks = page.locator(".article mark")
    assert marks.count() >= 3
    article5 = page.locator(".article mark", has_text=ARTICLE5)
    tag = article5.locator("xpath=following-sibling::a[1]")
    assert tag.inner_text().endswith(": accurate]")
    tag.click()
    target = tag.get_attribute("href")
    assert "accurate" in page.inner_text(f"{target} .verdict")
    assert page.locator(".evidence a[href*='/sources/']").count() >= 1


def test_json_download_holds_the_verdicts(page: Any, base_url: str) -> None:
    _paste(page, base_url)
    with page.expect_download() as info:
        page.click("text=Download verdicts (JSON)")
    import json

    doc = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["date"] == "2025-06-01"
    shown = page.locator(".article mark").count()
    assert len(doc["claims"]) >= shown


@pytest.mark.parametrize("results", [False, True])
def test_no_serious_accessibility_violation(page: Any, base_url: str, results: bool) -> None:
    from axe_playwright_python.sync_playwright import Axe

    if results:
        _paste(page, base_url)
    else:
        page.goto(base_url + "/claims")
    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"]) for v in violations if v["impact"] in {"serious", "critical"}]
    assert bad == []


def _post(base_url: str, path: str = "/claims", **kwargs: Any) -> httpx.Response:
    return httpx.post(base_url + path, timeout=60, **kwargs)


def test_uploaded_file_is_checked_without_javascript(base_url: str) -> None:
    files = {"file": ("article.txt", ARTICLE.encode("utf-8"), "text/plain")}
    response = _post(base_url, data={"text": "", "date": "2025-06-01"}, files=files)
    assert response.status_code == 200
    assert "<mark" in response.text and ": accurate]" in response.text


def test_claimreview_download_is_json_ld(base_url: str) -> None:
    response = _post(
        base_url, "/claims/claimreview.jsonld", data={"text": ARTICLE, "date": "2025-06-01"}
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    reviews = response.json()
    assert reviews and all(r["@type"] == "ClaimReview" for r in reviews)
    assert any(ARTICLE5 in r["claimReviewed"] for r in reviews)


@pytest.mark.parametrize(
    ("data", "files", "status", "words"),
    [
        ({"text": "  "}, None, 400, "empty"),
        ({"text": ARTICLE, "date": "2999-01-01"}, None, 400, "future"),
        ({"text": ""}, {"file": ("a.txt", b"\x00\x01\x02" * 100, "text/plain")}, 400, "binary"),
        ({"text": ""}, {"file": ("a.pdf", b"%PDF-1.4", "application/pdf")}, 400, ".txt"),
        (
            {"text": ""},
            {"file": ("a.txt", b"\xff\xfe\xfa" * 10 + b"x", "text/plain")},
            400,
            "utf-16",
        ),
        ({"text": ""}, {"file": ("a.txt", b"caf\xe9 NATO", "text/plain")}, 400, "utf-8"),
        ({"text": "NATO. " * 200_000}, None, 413, "limit"),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_4xx(
    base_url: str, data: dict, files: dict | None, status: int, words: str
) -> None:
    response = _post(base_url, data=data, files=files)
    assert response.status_code == status
    assert words.lower() in response.text.lower()
