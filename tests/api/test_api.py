"""The JSON API against the real bundled data: figures, provenance and every kind of refusal."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def _counts(client: TestClient, release: str) -> dict[str, object]:
    response = client.get(f"/api/v1/compliance?year=2024&target=2&release={release}")
    assert response.status_code == 200
    (row,) = response.json()["tables"]["counts"]
    return row


def test_2024_allies_at_two_percent_depend_on_the_release(client: TestClient) -> None:
    # NATO's June 2024 estimates had 23 allies at 2%; the August 2025 edition revised 2024 to 18.
    assert _counts(client, "nato-2024-06")["at_or_above"] == 23
    assert _counts(client, "nato-2025-08")["at_or_above"] == 18


def test_spending_rows_carry_release_source_and_grade(client: TestClient) -> None:
    response = client.get(
        "/api/v1/spending",
        params={"ally": "Poland", "from": 2024, "to": 2024, "release": "nato-2024-06"},
    )
    assert response.status_code == 200
    (row,) = response.json()["tables"]["spending"]
    # Poland, 2024 estimate, NATO press release of 17 June 2024: 4.12% of GDP.
    assert round(row["value"], 2) == 4.12
    assert (row["iso3"], row["release"], row["source_id"], row["grade"]) == (
        "POL", "nato-2024-06", "S01", "A",
    )  # fmt: skip
    assert row["is_estimate"] is True


def test_spending_year_range_and_several_allies(client: TestClient) -> None:
    body = client.get(
        "/api/v1/spending",
        params=[("ally", "DEU"), ("ally", "France"), ("from", 2014), ("to", 2016)],
    ).json()
    rows = body["tables"]["spending"]
    assert {(r["iso3"], r["year"]) for r in rows} == {
        (code, year) for code in ("DEU", "FRA") for year in (2014, 2015, 2016)
    }


def test_allies_on_a_date_follow_accessions(client: TestClient) -> None:
    # Sweden joined on 7 March 2024, Finland on 4 April 2023.
    before = client.get("/api/v1/allies?on=2023-01-01").json()["tables"]["allies"]
    after = client.get("/api/v1/allies?on=2024-03-07").json()["tables"]["allies"]
    assert (len(before), len(after)) == (30, 32)
    assert "SWE" in {a["iso3"] for a in after} - {a["iso3"] for a in before}


def test_releases_visible_on_a_date(client: TestClient) -> None:
    rows = client.get("/api/v1/releases?on=2024-07-01").json()["tables"]["releases"]
    assert "nato-2024-06" in {r["release"] for r in rows}
    assert "nato-2025-08" not in {r["release"] for r in rows}


def test_rule_answers_carry_their_because_chain(client: TestClient) -> None:
    body = client.get("/api/v1/rules/article6", params={"place": "Hawaii"}).json()
    # Article 6 covers North America and islands north of the Tropic of Cancer in the North Atlantic.
    assert body["outcome"] == "not_covered"
    assert body["because"] and all(r["citation"] for r in body["because"])
    assert body["source_ids"]


def test_withdrawal_of_the_united_states_meets_us_law(client: TestClient) -> None:
    body = client.get(
        "/api/v1/rules/withdrawal", params={"country": "USA", "notice": "2026-01-01"}
    ).json()
    # Article 13: a denunciation takes effect one year after the notice.
    assert body["dates"]["treaty_effective"] == "2027-01-01"


def test_every_source_cited_by_a_rule_resolves(client: TestClient) -> None:
    body = client.get("/api/v1/rules/saceur").json()
    for source_id in body["source_ids"]:
        response = client.get(f"/api/v1/sources/{source_id}")
        assert response.status_code == 200
        assert response.json()["tables"]["source"][0]["url"].startswith("http")


def test_bundled_scenario_with_declared_uncertainties(client: TestClient) -> None:
    listed = client.get("/api/v1/scenarios").json()["tables"]["scenarios"]
    assert "hague-2035" in {s["name"] for s in listed}
    body = client.get("/api/v1/scenarios/hague-2035").json()
    assert body["family"] == "spending"
    assert body["tables"]["uncertainties"]
    assert all(u["source"] and u["rationale"] for u in body["tables"]["uncertainties"])


@pytest.mark.parametrize(
    ("url", "status", "error", "mentions"),
    [
        ("/api/v1/spending?ally=Narnia", 400, "UnknownAllyError", "Narnia"),
        ("/api/v1/spending?on=2024-13-45", 400, "InputError", "2024-13-45"),
        ("/api/v1/spending?release=nato-1066", 400, "UnknownReleaseError", "nato-1066"),
        ("/api/v1/spending?measure=tanks", 400, "InputError", "tanks"),
        ("/api/v1/spending?from=2020&to=2010", 400, "InputError", "after"),
        ("/api/v1/compliance?year=1800", 422, "ValidationError", "year"),
        ("/api/v1/compliance?year=1990", 400, "InputError", "1990"),
        ("/api/v1/compliance?target=-1", 400, "InputError", "-1"),
        ("/api/v1/scenarios/nope", 400, "UnknownScenarioError", "hague-2035"),
        ("/api/v1/sources/S999999", 404, "NotFoundError", "S999999"),
        ("/api/v1/runs/000000", 404, "NotFoundError", "000000"),
        ("/api/v1/rules/withdrawal?country=USA", 422, "ValidationError", "notice"),
        ("/api/v1/rules/article4?requester=Narnia", 400, "UnknownAllyError", "Narnia"),
        ("/api/v1/no-such-endpoint", 404, "Not Found", "Not Found"),
    ],
)
def test_bad_input_is_a_4xx_json_error(
    client: TestClient, url: str, status: int, error: str, mentions: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == error
    assert mentions in body["detail"]


def test_openapi_is_3_1_and_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    for path in ("/api/v1/spending", "/api/v1/rules/article5", "/api/v1/runs/{job_id}"):
        assert path in schema["paths"]


def test_docs_page_loads_only_local_assets(client: TestClient) -> None:
    html = client.get("/docs").text
    assert '<html lang="en">' in html
    assert "/static/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "validator.swagger.io" not in html
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_repeated_questions_are_answered_from_the_cache(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    url = "/api/v1/spending?ally=DEU&from=2023&to=2024"
    first = client.get(url)
    hits = cache.hits
    second = client.get(url)
    assert cache.hits == hits + 1
    assert second.json() == first.json()
    assert second.headers["content-type"] == "application/json"
    assert second.headers["content-length"] == str(len(first.content))
    # errors and jobs are never cached
    client.get("/api/v1/spending?ally=Narnia")
    client.get("/api/v1/spending?ally=Narnia")
    client.get("/api/v1/runs")
    client.get("/api/v1/runs")
    assert cache.hits == hits + 1


def test_a_write_to_the_store_invalidates_cached_answers(client: TestClient) -> None:
    import os

    from natolab.store import Store

    cache = client.app.state.cache  # type: ignore[attr-defined]
    client.get("/api/v1/releases")
    hits = cache.hits
    path = Store().path
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    client.get("/api/v1/releases")
    assert cache.hits == hits


def test_release_diff_explains_23_then_18_allies_at_two_percent(client: TestClient) -> None:
    body = client.get("/api/v1/releases/diff?a=nato-2024-06&b=nato-2025-08").json()
    (year_2024,) = [r for r in body["tables"]["line_counts"] if r["year"] == 2024]
    assert (year_2024["at_or_above_a"], year_2024["at_or_above_b"]) == (23, 18)
    crossed = [r["direction"] for r in body["tables"]["crossings"] if r["year"] == 2024]
    # the allies that fell below the line, less those that rose to it, make the 5 missing
    assert crossed.count("fell below") - crossed.count("rose to or above") == 23 - 18
    changed = body["tables"]["changes"]
    assert changed and {"old_grade", "new_grade", "old_source_id", "new_source_id"} <= set(
        changed[0]
    )


def test_release_diff_refuses_an_unknown_release(client: TestClient) -> None:
    response = client.get("/api/v1/releases/diff?a=nato-2024-06&b=nato-1900")
    assert response.status_code == 400 and response.json()["error"] == "UnknownReleaseError"


def test_scenarios_pages_and_job_status_are_never_cached(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    hits = cache.hits
    for _ in range(2):
        client.get("/scenarios")
        client.get("/docs")
        client.get("/static/swagger-ui/favicon-32x32.png")
    assert cache.hits == hits


def test_cached_answers_keep_their_headers(store: object) -> None:
    from fastapi import FastAPI
    from fastapi.responses import Response

    from natolab.web.cache import ResponseCache

    app = FastAPI()
    cache = ResponseCache()
    app.middleware("http")(cache)

    @app.get("/file.csv")
    def download() -> Response:
        headers = {"Content-Disposition": 'attachment; filename="file.csv"'}
        return Response("a,b\n1,2\n", media_type="text/csv", headers=headers)

    with TestClient(app) as test_client:
        first, second = test_client.get("/file.csv"), test_client.get("/file.csv")
    assert cache.hits == 1
    assert second.headers["content-disposition"] == first.headers["content-disposition"]
    assert second.text == "a,b\n1,2\n" and second.headers["content-type"].startswith("text/csv")
