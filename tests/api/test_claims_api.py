"""POST /api/v1/claims: a real seed article in, its claims with verdicts and evidence out.

Expected verdicts come from tests/claims/labelled.yaml (labelled by hand from public sources),
never from natolab's output; bad input gets the one JSON error shape with a 4xx status.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

SEEDS = Path(__file__).parents[1] / "claims" / "seeds"
ARTICLE = (SEEDS / "001_fd90c68f4ae766a9.txt").read_text(encoding="utf-8")
# labelled.yaml, article 001: judged as of 2025-06-01; Article 5 invoked once (accurate).
ARTICLE5 = "invoked the collective-defense clause"


def _claim(body: dict, words: str) -> dict:
    found = [c for c in body["claims"] if words in c["quote"] or c["quote"] in words]
    assert found, f"no claim quoting {words!r}"
    return found[0]


def test_a_seed_article_gets_verdicts_with_evidence(client: TestClient) -> None:
    response = client.post("/api/v1/claims", json={"text": ARTICLE, "date": "2025-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2025-06-01" and body["date_basis"] == "given"
    assert "accurate (rounded)" in body["scale"]
    article5 = _claim(body, ARTICLE5)
    assert article5["verdict"] == "accurate"
    assert ARTICLE[article5["start"] : article5["end"]] == article5["quote"]
    cited = [e for c in body["claims"] for e in c["evidence"] if e["source_ids"]]
    assert cited, "no claim carries a source id"
    assert sum(body["counts"].values()) == len(body["claims"])


def test_without_a_date_the_basis_is_not_given(client: TestClient) -> None:
    body = client.post("/api/v1/claims", json={"text": ARTICLE}).json()
    assert body["date_basis"] != "given"


def test_html_is_read_as_the_article(client: TestClient) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n") if p.strip())
    html = f"<!doctype html><html><body><article>{paragraphs}</article></body></html>"
    body = client.post("/api/v1/claims", json={"text": html, "date": "2025-06-01"}).json()
    assert _claim(body, ARTICLE5)["verdict"] == "accurate"
    assert "<p>" not in body["claims"][0]["quote"]


def _error(response: object, status: int, words: str) -> None:
    assert response.status_code == status  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error", "detail"}
    assert words in body["detail"].lower()


def test_future_date_is_refused(client: TestClient) -> None:
    _error(
        client.post("/api/v1/claims", json={"text": ARTICLE, "date": "2999-01-01"}), 400, "future"
    )


def test_blank_text_is_refused(client: TestClient) -> None:
    _error(client.post("/api/v1/claims", json={"text": "   \n  "}), 400, "empty")


def test_binary_text_is_refused(client: TestClient) -> None:
    _error(client.post("/api/v1/claims", json={"text": "\x01\x02\x03" * 50}), 400, "binary")


def test_missing_text_is_a_validation_error(client: TestClient) -> None:
    _error(client.post("/api/v1/claims", json={"date": "2025-06-01"}), 422, "text")


def test_bad_date_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/claims", json={"text": ARTICLE, "date": "June"})
    assert response.status_code == 400 and set(response.json()) == {"error", "detail"}


def test_over_large_body_is_refused_before_reading(client: TestClient) -> None:
    huge = "NATO has 32 members. " * 60_000  # about 1.3 MB, over the 1 MiB limit
    _error(client.post("/api/v1/claims", json={"text": huge}), 413, "limit")


def test_other_endpoints_keep_their_small_limit(client: TestClient) -> None:
    body = {"scenario": "x" * 20_000}
    _error(client.post("/api/v1/runs", json=body), 413, "limit")
