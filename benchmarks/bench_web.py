"""Web latency under load: p50/p99 of dashboard pages and the API against a static file.

``natolab serve`` runs in its own process on a private store; a loopback load generator (asyncio,
HTTP/1.1 keep-alive, 32 connections) requests one URL at a time for a fixed number of requests
after a warm-up, and the same generator requests a static file from the same server: that is
the same-run baseline (what the server and the generator cost without any natolab work).
Targets from issue 11: p99 under 100 ms for cached pages, and within 3x of the static file.
A URL the server does not serve (a page not built yet) is reported, never silently skipped.

    python benchmarks/run.py web
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from harness import Measurement

NATOLAB = str(Path(sys.executable).with_name("natolab"))
CONNECTIONS = 32
REQUESTS = 1600
WARMUP = 64
STATIC = "/static/swagger-ui/favicon-32x32.png"
TARGETS = {
    "overview page": "/",
    "ally page": "/allies/DEU",
    "map page (map data)": "/map",
    "/api/v1/spending": "/api/v1/spending",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _connection(
    port: int, path: str, count: int, latencies: list[float], statuses: set[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    try:
        for _ in range(count):
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            statuses.add(int(lines[0].split()[1]))
            length = next(
                int(line.split(":", 1)[1])
                for line in lines
                if line.lower().startswith("content-length:")
            )
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
    finally:
        writer.close()


async def _load(port: int, path: str, total: int) -> tuple[list[float], set[int]]:
    latencies: list[float] = []
    statuses: set[int] = set()
    per = total // CONNECTIONS
    await asyncio.gather(
        *(_connection(port, path, per, latencies, statuses) for _ in range(CONNECTIONS))
    )
    return latencies, statuses


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if values else 0.0


def _measure(port: int, path: str) -> tuple[float, float, set[int]]:
    asyncio.run(_load(port, path, WARMUP))  # fills the caches, as a visitor before you would
    latencies, statuses = asyncio.run(_load(port, path, REQUESTS))
    return _percentile(latencies, 50), _percentile(latencies, 99), statuses


def _serve(home: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NATOLAB_HOME": home}
    subprocess.run([NATOLAB, "data", "build"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [NATOLAB, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{STATIC}", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("natolab serve did not start within 60 s")


def benchmark() -> list[Measurement]:
    port = _free_port()
    with tempfile.TemporaryDirectory() as home:
        server = _serve(home, port)
        try:
            static50, static99, _ = _measure(port, STATIC)
            results = [
                Measurement(f"static file p99, {CONNECTIONS} connections", static99, static99,
                            "s", "baseline", True),
            ]  # fmt: skip
            for name, path in TARGETS.items():
                p50, p99, statuses = _measure(port, path)
                served = statuses == {200}
                label = name if served else f"{name} (NOT SERVED: HTTP {sorted(statuses)})"
                results.append(
                    Measurement(f"{label} p50 vs static p50", p50, static50, "s", "-", served)
                )
                results.append(
                    Measurement(
                        f"{label} p99 vs static p99",
                        p99,
                        static99,
                        "s",
                        "p99 < 0.1 s and < 3x",
                        served and p99 < 0.1 and p99 < 3 * static99,
                    )
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return results
