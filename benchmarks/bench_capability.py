"""``natolab sim run us-exit-iiss`` with its seven categories, against the same file without the
three enablers (submarines, tankers, airlift) that once made it minutes-slow.

Both are the user's whole command in a fresh process, on one thread, the file's own 100,000 runs,
in one warm NATOLAB_HOME (a new seed each repeat, so no stored block is reused). Adding the three
categories adds nine declared inputs and nine outputs; the run may grow with the outputs but must
not grow with 2^inputs, as the histogram bounds did when they enumerated every corner of the
supports (2^27 corners, about 280 s, against 2^18 before).

A second measurement times that bound search alone against the full corner enumeration, on the
file without the enablers (18 inputs, 262,144 corners: the largest where enumeration is
affordable), and checks both give the same bounds.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from harness import Measurement, best_time, load_text

NATOLAB = str(Path(sys.executable).with_name("natolab"))
ENABLERS = ("submarines_iiss", "tankers_stationed", "airlift_stationed")
REPEAT = 3


def _without_enablers(folder: Path) -> Path:
    """The bundled IISS scenario with the three enabler categories and their inputs removed."""
    from natolab.sim.scenario import resolve_path

    data = yaml.safe_load(resolve_path("us-exit-iiss").read_text(encoding="utf-8"))
    data["uncertainties"] = [u for u in data["uncertainties"] if not u["name"].endswith(ENABLERS)]
    levers = data["levers"]
    levers["us_forces"] = [f for f in levers["us_forces"] if f not in ENABLERS]
    levers["unit_costs"] = {f: v for f, v in levers["unit_costs"].items() if f not in ENABLERS}
    path = folder / "us-exit-iiss-without-enablers.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _whole_runs(scenario: str, fewer: Path, env: dict[str, str]) -> tuple[float, float]:
    """Best wall time of the command with and without the enablers, interleaved, new seeds."""
    seeds = iter(range(1, 2 * REPEAT + 1))

    def run(target: str) -> None:
        argv = [NATOLAB, "sim", "run", target, "--seed", str(next(seeds)), "--quiet"]
        subprocess.run(argv, check=True, capture_output=True, env=env)

    full: list[float] = []
    base: list[float] = []
    for _ in range(REPEAT):
        full.append(best_time(lambda: run(scenario), repeat=1))
        base.append(best_time(lambda: run(str(fewer)), repeat=1))
    return min(full), min(base)


def _bounds(fewer: Path) -> tuple[float, float, float]:
    """The bound search and the full enumeration on the file without the enablers: their times
    and the largest difference between the bounds they find."""
    import natolab
    from natolab.sim.models.capability import CapabilityModel
    from natolab.sim.models.capability import model as cap
    from natolab.sim.scenario import load_scenario

    scenario = load_scenario(str(fewer))
    prep = CapabilityModel().prepare(scenario, natolab.Alliance())
    names = cap._names(prep)
    spans = np.array(
        [u.support() if (u := scenario.uncertainty(n)) else (prep.defaults[n],) * 2 for n in names]
    )
    holder: dict[str, np.ndarray] = {}

    def search() -> None:
        holder["low"], holder["high"] = cap._extremes(prep, names, spans)

    def enumerate_all() -> None:
        corners = np.array(list(itertools.product(*spans)), dtype=float)
        values = cap._evaluate(prep, names, corners)
        holder["all_low"], holder["all_high"] = values.min(axis=0), values.max(axis=0)

    t_search = best_time(search, repeat=3)
    t_all = best_time(enumerate_all, repeat=1)
    worst = max(
        float(np.abs(holder["low"] - holder["all_low"]).max()),
        float(np.abs(holder["high"] - holder["all_high"]).max()),
    )
    return t_search, t_all, worst


def benchmark() -> list[Measurement]:
    home = tempfile.mkdtemp(prefix="natolab-bench-")
    env = dict(os.environ, NATOLAB_HOME=home, OMP_NUM_THREADS="1", NUMBA_NUM_THREADS="1")
    folder = Path(tempfile.mkdtemp(prefix="natolab-bench-capability-"))
    fewer = _without_enablers(folder)
    warm = [NATOLAB, "sim", "run", str(fewer), "--runs", "100", "--seed", "0", "--quiet"]
    subprocess.run(warm, check=True, capture_output=True, env=env)  # builds the store once
    full, base = _whole_runs("us-exit-iiss", fewer, env)
    t_search, t_all, worst = _bounds(fewer)
    print(f"us-exit-iiss {full:.2f} s, without the enablers {base:.2f} s; {load_text()}")
    print(f"bound search {t_search * 1000:.1f} ms, all 2^18 corners {t_all * 1000:.0f} ms")
    return [
        Measurement(
            "sim run us-exit-iiss (7 categories, 100,000 runs) vs the same without the 3 enablers",
            full,
            base,
            "s",
            "<= 1.3x",
            bool(full <= 1.3 * base),
        ),
        Measurement(
            "capability histogram bounds: corner search vs all 2^18 corners (18 inputs)",
            t_search,
            t_all,
            "s",
            "<= 0.1x, same bounds",
            bool(t_search <= 0.1 * t_all and worst == 0.0),
        ),
    ]
