"""The dashboard served for real: uvicorn in a subprocess on a free loopback port, a private
NATOLAB_HOME holding a copy of the bundled store, and Debian's headless Chromium via Playwright.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server_home(tmp_path_factory: pytest.TempPathFactory, built_store_file: Path) -> Path:
    """The server's own NATOLAB_HOME with a copy of the bundled store."""
    home = tmp_path_factory.mktemp("web-home")
    shutil.copyfile(built_store_file, home / "natolab.duckdb")
    return home


@pytest.fixture(scope="session")
def base_url(server_home: Path) -> Iterator[str]:
    """Start ``create_app`` under uvicorn on 127.0.0.1 and wait until it answers."""
    port = _free_port()
    env = {**os.environ, "NATOLAB_HOME": str(server_home)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "natolab.web.app:create_app"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/static/natolab.css", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"dashboard did not start: {err[-2000:]}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless; Playwright never downloads a browser of its own."""
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
