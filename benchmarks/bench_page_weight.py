"""Page weight of the dashboard's overview: every byte Chromium fetches to draw it.

The overview is served by ``natolab serve``'s app (uvicorn, a private NATOLAB_HOME) and opened in
headless Debian Chromium until its chart is drawn; the bytes of every response (HTML, CSS, htmx,
the Vega bundle) are summed. The issue's budget is 1.5 MB; the same run also measures the
largest asset alone, so the ratio says how much of the page is the chart library.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from harness import Measurement

BUDGET_MB = 1.5
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _serve(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NATOLAB_HOME": str(home)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "natolab.web.app:create_app"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/static/natolab.css", timeout=2).close()
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("dashboard did not start")


def benchmark() -> list[Measurement]:
    from playwright.sync_api import sync_playwright

    from natolab.store import Store

    with tempfile.TemporaryDirectory() as home:
        Store(Path(home) / "natolab.duckdb").build()
        process, url = _serve(Path(home))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page()
                sizes: dict[str, int] = {}
                page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
                page.goto(url + "/")
                page.wait_for_selector('#counts-chart[data-ready="true"] svg', timeout=60_000)
                page.wait_for_load_state("networkidle")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    total_mb = sum(sizes.values()) / 1e6
    largest_mb = max(sizes.values()) / 1e6
    return [
        Measurement(
            f"overview page weight, all {len(sizes)} assets vs the 1.5 MB budget",
            total_mb,
            BUDGET_MB,
            "MB",
            "< 1 (1.5 MB)",
            total_mb < BUDGET_MB,
        ),
        Measurement(
            "overview page weight vs its largest asset (the Vega bundle)",
            total_mb,
            largest_mb,
            "MB",
            "report",
            True,
        ),
    ]
