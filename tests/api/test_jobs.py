"""Simulation jobs over the API: a job that finishes, its stored results, and the stated limits."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient


def _wait(client: TestClient, job_id: str, seconds: float = 240) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/runs/{job_id}").json()
        assert 0 <= body["progress"] <= 1
        if body["status"] in ("finished", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def test_a_job_finishes_and_its_results_are_stored(client: TestClient) -> None:
    started = client.post("/api/v1/runs", json={"scenario": "hague-2035", "runs": 4096, "seed": 11})
    assert started.status_code == 202
    job = started.json()
    assert job["status"] in ("queued", "running") and job["runs"] == 4096
    # while it runs, the data endpoints still answer (the store is shared with the job)
    assert client.get("/api/v1/spending?ally=DEU").status_code == 200
    done = _wait(client, job["job_id"])
    assert done["status"] == "finished", done
    assert (done["done_runs"], done["progress"]) == (4096, 1.0)
    results = client.get(f"/api/v1/runs/{job['job_id']}/results").json()
    assert results["run_id"] == done["run_id"]
    meeting = results["tables"]["allies_meeting"]
    assert meeting and all(0 <= row["mean"] <= row["of_allies"] for row in meeting)
    # a stored run is listed and reopenable by its run id
    listed = client.get("/api/v1/runs").json()["tables"]
    assert done["run_id"] in {r["run_id"] for r in listed["runs"]}
    again = client.get(f"/api/v1/runs/{done['run_id']}/results").json()
    assert again["tables"]["allies_meeting"] == meeting


def test_limits_are_stated_in_the_errors(client: TestClient) -> None:
    too_many = client.post("/api/v1/runs", json={"scenario": "hague-2035", "runs": 5001})
    assert too_many.status_code == 413
    assert too_many.json()["error"] == "LimitError"
    assert "5,000 runs per job" in too_many.json()["detail"]
    big = client.post(
        "/api/v1/runs", content=b" " * 20_000, headers={"content-type": "application/json"}
    )
    assert big.status_code == 413 and "16,384" in big.json()["detail"]

    def chunks():  # a body without Content-Length cannot be measured before it is read
        yield b'{"scenario": "hague-2035"}'

    chunked = client.post(
        "/api/v1/runs", content=chunks(), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 411 and "Content-Length" in chunked.json()["detail"]


def test_jobs_at_once_are_limited(client: TestClient) -> None:
    first = client.post("/api/v1/runs", json={"scenario": "wales-backtest-2014", "runs": 5000})
    assert first.status_code == 202
    second = client.post("/api/v1/runs", json={"scenario": "hague-2035", "runs": 100})
    if client.get(f"/api/v1/runs/{first.json()['job_id']}").json()["status"] != "finished":
        assert second.status_code == 429
        assert "at most 1 at once" in second.json()["detail"]
    _wait(client, first.json()["job_id"])


def test_only_bundled_scenarios_run(client: TestClient) -> None:
    response = client.post("/api/v1/runs", json={"scenario": "/etc/passwd"})
    assert response.status_code == 400
    assert response.json()["error"] == "UnknownScenarioError"
    bad_body = client.post("/api/v1/runs", json={"scenario": "hague-2035", "runs": 0})
    assert bad_body.status_code == 422 and "runs" in bad_body.json()["detail"]


def test_sensitivity_job_returns_indices_for_every_uncertainty(client: TestClient) -> None:
    started = client.post(
        "/api/v1/sensitivity",
        json={"scenario": "hague-2035", "method": "morris", "n": 4, "reps": 2},
    )
    assert started.status_code == 202 and started.json()["kind"] == "sensitivity"
    done = _wait(client, started.json()["job_id"])
    assert done["status"] == "finished", done
    body = client.get(f"/api/v1/runs/{done['job_id']}/results").json()
    declared = {
        u["name"]
        for u in client.get("/api/v1/scenarios/hague-2035").json()["tables"]["uncertainties"]
    }
    indices = body["tables"]["indices"]
    assert {row["parameter"] for row in indices} == declared
    assert all(row["mu_star"] >= 0 for row in indices)
    assert body["method"] == "morris" and body["points"] == 4 * (len(declared) + 1)
