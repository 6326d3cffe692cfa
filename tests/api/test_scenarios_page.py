"""The Scenarios page: scenarios with their uncertainties, a run with progress, stored runs."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}


def test_page_lists_bundled_scenarios_and_links_each(client: TestClient) -> None:
    html = client.get("/scenarios").text
    for name in ("hague-2035", "us-withdrawal-2027", "baltic-article5"):
        assert f'href="/scenarios/{name}"' in html


def test_scenario_page_shows_declared_uncertainties_and_a_bounded_form(client: TestClient) -> None:
    html = client.get("/scenarios/hague-2035").text
    assert "Declared uncertainties of hague-2035" in html
    assert "adherence_scale" in html  # declared in hague-2035.yaml with its source
    assert 'name="runs"' in html and 'max="5000"' in html  # the client fixture's limit


def _finish(client: TestClient, fragment: str) -> str:
    job_id = re.search(r'hx-get="/scenarios/jobs/(\w+)"', fragment)
    assert job_id, fragment
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        fragment = client.get(f"/scenarios/jobs/{job_id.group(1)}", headers=HX).text
        assert "failed" not in fragment
        if "hx-get" not in fragment:  # a finished job stops polling
            return fragment
        assert "<progress" in fragment
        time.sleep(0.2)
    raise AssertionError("job did not finish")


def test_run_polls_then_shows_charts_and_tables_and_is_stored(client: TestClient) -> None:
    started = client.post(
        "/scenarios/hague-2035/run", data={"runs": "4096", "seed": "5"}, headers=HX
    )
    assert started.status_code == 200
    assert 'hx-trigger="every 1s"' in started.text
    done = _finish(client, started.text)
    assert "finished, 4,096 runs" in done
    # fan charts of allies meeting and of spending paths, with their numbers as tables
    assert 'id="chart-allies_meeting"' in done and 'id="chart-totals"' in done
    assert "<caption>allies meeting</caption>" in done
    run_id = re.search(r'href="/scenarios/runs/(\w+)"', done).group(1)
    listing = client.get("/scenarios").text
    assert f'href="/scenarios/runs/{run_id}"' in listing
    reopened = client.get(f"/scenarios/runs/{run_id}").text
    assert 'id="chart-allies_meeting"' in reopened


def test_refusals_are_shown_where_the_job_would_be(client: TestClient) -> None:
    refused = client.post("/scenarios/hague-2035/run", data={"runs": "9999999"}, headers=HX)
    assert 'role="alert"' in refused.text and "5,000 runs per job" in refused.text
    plain = client.post("/scenarios/hague-2035/run", data={"runs": "many"})
    assert plain.status_code == 400 and plain.json()["error"] == "InputError"


def test_without_javascript_the_form_redirects_to_the_job_page(client: TestClient) -> None:
    response = client.post(
        "/scenarios/wales-backtest-2014/run",
        data={"runs": "100", "seed": "1"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Simulation job" in page.text
    job_id = response.headers["location"].rsplit("/", 1)[1]
    while client.get(f"/api/v1/runs/{job_id}").json()["status"] in ("queued", "running"):
        time.sleep(0.2)


def test_sensitivity_job_draws_indices_per_uncertainty(client: TestClient) -> None:
    started = client.post(
        "/scenarios/hague-2035/sensitivity",
        data={"method": "morris", "n": "4", "reps": "2"},
        headers=HX,
    )
    assert "morris sensitivity" in started.text
    done = _finish(client, started.text)
    assert "chart-sensitivity-" in done
    assert "mu_star" in done and "adherence_scale" in done


def test_sensitivity_over_the_limit_is_refused(client: TestClient) -> None:
    refused = client.post(
        "/scenarios/hague-2035/sensitivity", data={"method": "sobol", "n": "1024"}, headers=HX
    )
    assert 'role="alert"' in refused.text and "runs per job" in refused.text


def test_header_marks_the_page_and_keeps_the_chosen_release(client: TestClient) -> None:
    html = client.get("/scenarios?release=nato-2024-06").text
    assert 'href="/scenarios?release=nato-2024-06" aria-current="page"' in html
    assert client.get("/scenarios?release=nato-1066").status_code == 400
